package dev.lanshare.tray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lanshare.config.AtomicFiles;
import dev.lanshare.tray.model.ShareInfo;
import dev.lanshare.tray.model.StateReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Folders the owner unticked: the service forgets a share when it stops serving it, but the tray keeps its name,
 * folder and grants here, so that ticking it again brings back the same share. A small JSON file in the state
 * folder, owned by the tray alone, written atomically.
 */
final class RememberedFolders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    RememberedFolders(Path file) {
        this.file = file;
    }

    synchronized List<ShareInfo> all() {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            JsonNode list = JSON.readTree(file.toFile());
            return StateReader.shares(list.isArray() ? list : JSON.createArrayNode());
        } catch (IOException e) {
            return List.of(); // a damaged list only loses unticked folders, never a share
        }
    }

    synchronized void remember(ShareInfo share) throws IOException {
        List<ShareInfo> next = new ArrayList<>(all());
        next.removeIf(s -> s.name().equalsIgnoreCase(share.name()));
        next.add(share);
        save(next);
    }

    synchronized void forget(String name) throws IOException {
        List<ShareInfo> next = new ArrayList<>(all());
        if (next.removeIf(s -> s.name().equalsIgnoreCase(name))) {
            save(next);
        }
    }

    private void save(List<ShareInfo> shares) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(shares.stream().map(StateReader::toJson).toList()));
    }
}
