package dev.lanshare.tray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code lanshare serve} in the background when the owner asks the tray to. The command is the
 * {@code lanshare.command} system property (the launcher the installer sets) or {@code lanshare} on the PATH.
 */
public final class ServiceStarter {
    private final List<String> command;
    private final Path log;

    ServiceStarter(List<String> command, Path log) {
        this.command = List.copyOf(command);
        this.log = log;
    }

    /** @param home the {@code --home} the tray was given, or null */
    public static ServiceStarter of(Path home, Path stateDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("lanshare.command", "lanshare"));
        cmd.add("serve");
        if (home != null) {
            cmd.add("--home");
            cmd.add(home.toString());
        }
        return new ServiceStarter(cmd, stateDir.resolve("serve-from-tray.log"));
    }

    void start() throws IOException {
        Files.createDirectories(log.getParent());
        try {
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IOException("'" + command.get(0) + "' could not be started (" + e.getMessage() + ")", e);
        }
    }
}
