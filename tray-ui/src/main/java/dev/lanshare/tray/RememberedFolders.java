package dev.lanshare.tray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lanshare.config.AtomicFiles;
import dev.lanshare.config.Share;
import dev.lanshare.service.control.ControlException;
import dev.lanshare.service.control.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Folders the owner unticked: the service forgets a share when it stops serving it, but the tray keeps its name,
 * folder and grants here, so that ticking it again brings back the same share. A small JSON file in the state
 * folder, owned by the tray alone, written atomically; each share as the control channel writes it.
 */
final class RememberedFolders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    RememberedFolders(Path file) {
        this.file = file;
    }

    synchronized List<Share> all() {
        List<Share> out = new ArrayList<>();
        try {
            JsonNode list = Files.exists(file) ? JSON.readTree(file.toFile()) : null;
            if (list != null && list.isArray()) {
                for (JsonNode s : list) {
                    out.add(Protocol.share(s));
                }
            }
        } catch (IOException | ControlException e) {
            // a damaged list only loses unticked folders, never a share
        }
        return out;
    }

    synchronized void remember(Share share) throws IOException {
        List<Share> next = new ArrayList<>(all());
        next.removeIf(s -> s.name().equalsIgnoreCase(share.name()));
        next.add(share);
        save(next);
    }

    synchronized void forget(String name) throws IOException {
        List<Share> next = new ArrayList<>(all());
        if (next.removeIf(s -> s.name().equalsIgnoreCase(name))) {
            save(next);
        }
    }

    private void save(List<Share> shares) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(shares.stream().map(Protocol::share).toList()));
    }
}
