package dev.lanshare.service.gateway;

import dev.lanshare.config.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's folder name of each colleague, one machine per name: the first machine seen with a display name
 * keeps it, any other machine of that name shows as {@code NAME (ID)}, ID the start of its device id. Display names
 * are not unique: a second "Ann's Mac" listed first took over {@code /TOKEN/Ann's Mac/}, and a mounted folder's
 * saves went to the wrong machine. Who has a name is kept in {@code STATE/gateway-names}, so that it holds across
 * restarts too; a machine whose name is taken keeps its suffixed name, even while the first is away.
 */
final class ColleagueNames {
    private static final Logger LOG = LoggerFactory.getLogger(ColleagueNames.class);
    /** How much of a device id tells two machines of one name apart. */
    static final int ID_CHARS = 6;

    private final Path file;
    /** Composed display name to the device id that has it. */
    private final Map<String, String> owners = new LinkedHashMap<>();

    /** @param file where the names are kept, or null to keep them in memory only */
    ColleagueNames(Path file) {
        this.file = file;
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    owners.put(line.substring(tab + 1), line.substring(0, tab));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read the gateway's colleague names: {}", e.getMessage());
        }
    }

    /** The folder name of the machine {@code deviceId} that calls itself {@code display}. */
    synchronized String name(String display, String deviceId) {
        if (deviceId.isEmpty()) {
            return display; // nothing to tell machines apart by: the first of the list has it, as before
        }
        String key = Names.nfc(display);
        String owner = owners.get(key);
        if (owner == null) {
            owners.put(key, deviceId);
            save();
            return display;
        }
        if (owner.equals(deviceId)) {
            return display;
        }
        return display + " (" + deviceId.substring(0, Math.min(ID_CHARS, deviceId.length())) + ")";
    }

    private void save() {
        if (file == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        owners.forEach((name, id) -> sb.append(id).append('\t').append(name).append('\n'));
        try {
            AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot save the gateway's colleague names: {}", e.getMessage());
        }
    }
}
