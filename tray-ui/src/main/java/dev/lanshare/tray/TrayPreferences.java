package dev.lanshare.tray;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lanshare.config.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the tray keeps for itself, not for the service: whether it showed the first-run window already, and
 * whether the owner asked to hear when someone connects. A small JSON file in the state folder ({@code --home}
 * moves it like everything else, which {@code java.util.prefs} would not), written atomically, owner-only.
 */
public final class TrayPreferences {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file's content; fields a later version adds are ignored by an older one. */
    record Values(boolean firstRunShown, boolean notifySessions) {
    }

    private final Path file;
    private Values values;

    public TrayPreferences(Path file) {
        this.file = file;
        this.values = read(file);
    }

    private static Values read(Path file) {
        try {
            if (Files.exists(file)) {
                return JSON.readerFor(Values.class)
                        .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .readValue(file.toFile());
            }
        } catch (IOException e) {
            // damaged: the defaults (show the first-run window, no session notices) are safe ones
        }
        return new Values(false, false);
    }

    /** The tray opened its settings window for the first run already: once is enough. */
    public synchronized boolean firstRunShown() {
        return values.firstRunShown();
    }

    public synchronized void setFirstRunShown() throws IOException {
        save(new Values(true, values.notifySessions()));
    }

    /** "Someone connected to my shares" notifications: opt-in, off unless the owner ticks them. */
    public synchronized boolean notifySessions() {
        return values.notifySessions();
    }

    public synchronized void setNotifySessions(boolean on) throws IOException {
        save(new Values(values.firstRunShown(), on));
    }

    private void save(Values next) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(next));
        values = next;
    }
}
