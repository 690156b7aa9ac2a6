package dev.lanshare.service.peer;

import dev.lanshare.config.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Peer passwords the user asked to remember ({@code --remember}), in the state folder, readable by the owner
 * only. One line per peer: {@code TRUST-ID ACCOUNT PASSWORD}. The password has to be kept as it is (it is sent
 * to the peer); the file's permissions are its protection.
 */
public final class RememberedPasswords {
    private final Path file;

    public RememberedPasswords(Path file) {
        this.file = file;
    }

    public synchronized Optional<PeerClient.Credentials> get(String trustId) throws IOException {
        return Optional.ofNullable(read().get(trustId));
    }

    public synchronized void remember(String trustId, PeerClient.Credentials c) throws IOException {
        Map<String, PeerClient.Credentials> all = read();
        all.put(trustId, c);
        write(all);
    }

    /** Forgets the account remembered for a peer; says whether there was one. */
    public synchronized boolean forget(String trustId) throws IOException {
        Map<String, PeerClient.Credentials> all = read();
        if (all.remove(trustId) == null) {
            return false;
        }
        write(all);
        return true;
    }

    private void write(Map<String, PeerClient.Credentials> all) throws IOException {
        StringBuilder sb = new StringBuilder();
        all.forEach((id, cred) -> sb.append(id).append(' ').append(cred.user()).append(' ')
                .append(cred.password()).append('\n'));
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, PeerClient.Credentials> read() throws IOException {
        Map<String, PeerClient.Credentials> all = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ", 3);
                if (parts.length == 3) {
                    all.put(parts[0], new PeerClient.Credentials(parts[1], parts[2]));
                }
            }
        }
        return all;
    }
}
