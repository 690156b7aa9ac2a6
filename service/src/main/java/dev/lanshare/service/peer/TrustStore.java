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
 * The host keys of peers this machine has trusted, by device id (IP addresses change): lanshare's own file,
 * never {@code ~/.ssh/known_hosts}. A peer is trusted on first sight when its key matches the fingerprint it
 * announced; afterwards a different key stops every connection until the user resets it.
 *
 * <p>Format: one line per peer, {@code TRUST-ID KEY-TYPE BASE64-KEY}.
 */
public final class TrustStore {
    private final Path file;

    public TrustStore(Path file) {
        this.file = file;
    }

    /** This machine's: {@code known_peers} in the state folder of {@code dirs}. */
    public static TrustStore of(dev.lanshare.config.AppDirs dirs) {
        return new TrustStore(dirs.state().resolve("known_peers"));
    }

    public synchronized Optional<String> key(String trustId) throws IOException {
        return Optional.ofNullable(read().get(trustId));
    }

    /** The SHA256 fingerprint of the key remembered for {@code trustId}, as {@code lanshare status} prints one. */
    public Optional<String> fingerprint(String trustId) throws IOException {
        return key(trustId).map(HostKeyCheck::fingerprintOf);
    }

    public synchronized void remember(String trustId, String keyLine) throws IOException {
        Map<String, String> all = read();
        all.put(trustId, keyLine);
        write(all);
    }

    /** Forgets a peer's key; returns whether one was remembered. */
    public synchronized boolean forget(String trustId) throws IOException {
        Map<String, String> all = read();
        boolean had = all.remove(trustId) != null;
        write(all);
        return had;
    }

    private Map<String, String> read() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return all;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.strip().split("\\s+", 2);
            if (parts.length == 2 && !line.startsWith("#")) {
                all.put(parts[0], parts[1]);
            }
        }
        return all;
    }

    private void write(Map<String, String> all) throws IOException {
        StringBuilder sb = new StringBuilder("# peers whose host keys this machine trusts (lanshare)\n");
        all.forEach((id, key) -> sb.append(id).append(' ').append(key).append('\n'));
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
