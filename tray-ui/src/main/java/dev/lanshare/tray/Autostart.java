package dev.lanshare.tray;

import dev.lanshare.config.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * "Start at login" for the tray, per user, the way each desktop expects it: an XDG autostart entry on Linux
 * (what GNOME, KDE and the rest read), a LaunchAgent in {@code ~/Library/LaunchAgents} on macOS, and the
 * {@code lanshare-tray} value of the HKCU Run key on Windows (the installer's MSI uses the same value name, so the
 * two never start two trays). {@link #enabled} and {@link #set} may touch files or run {@code reg}: never on the
 * Swing thread.
 */
public abstract sealed class Autostart permits Autostart.XdgEntry, Autostart.LaunchAgent, Autostart.RunKey {
    /** The tray's name in every one of them. */
    public static final String NAME = "lanshare-tray";

    /** @param command the tray's launcher ({@code lanshare.trayCommand}, set by the installer) */
    public static Optional<Autostart> of(String osName, Map<String, String> env, Path userHome, String command) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return Optional.of(XdgEntry.of(env, userHome, command));
        }
        if (os.startsWith("mac")) {
            return Optional.of(new LaunchAgent(userHome.resolve("Library/LaunchAgents/dev.lanshare.tray.plist"),
                    command));
        }
        if (os.startsWith("windows")) {
            return Optional.of(new RunKey(command));
        }
        return Optional.empty();
    }

    public abstract boolean enabled() throws IOException;

    public abstract void set(boolean on) throws IOException;

    /**
     * {@code ~/.config/autostart/lanshare-tray.desktop}. The packages install the same entry for everybody in
     * {@code /etc/xdg/autostart}; a user's entry of the same name replaces it, so turning it off where that one
     * exists writes {@code Hidden=true} (the XDG autostart spec's "do not start") instead of deleting.
     */
    public static final class XdgEntry extends Autostart {
        private final Path entry;
        private final List<Path> systemEntries;
        private final String command;

        XdgEntry(Path entry, List<Path> systemEntries, String command) {
            this.entry = entry;
            this.systemEntries = List.copyOf(systemEntries);
            this.command = command;
        }

        static XdgEntry of(Map<String, String> env, Path userHome, String command) {
            String xdg = env.get("XDG_CONFIG_HOME");
            Path config = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : userHome.resolve(".config");
            List<Path> system = new ArrayList<>();
            for (String dir : env.getOrDefault("XDG_CONFIG_DIRS", "/etc/xdg").split(":")) {
                if (!dir.isBlank() && Path.of(dir).isAbsolute()) {
                    system.add(Path.of(dir, "autostart", NAME + ".desktop"));
                }
            }
            return new XdgEntry(config.resolve("autostart/" + NAME + ".desktop"), system, command);
        }

        @Override
        public boolean enabled() throws IOException {
            if (Files.exists(entry)) {
                String text = Files.readString(entry, StandardCharsets.UTF_8);
                return !text.contains("\nHidden=true") && !text.contains("\nX-GNOME-Autostart-enabled=false");
            }
            return systemEntries.stream().anyMatch(Files::exists);
        }

        @Override
        public void set(boolean on) throws IOException {
            if (!on && systemEntries.stream().noneMatch(Files::exists)) {
                Files.deleteIfExists(entry);
                return;
            }
            AtomicFiles.write(entry, desktopEntry(on).getBytes(StandardCharsets.UTF_8));
        }

        String desktopEntry(boolean on) {
            return "[Desktop Entry]\nType=Application\nName=lanshare\nComment=Share folders with the office\n"
                    + "Exec=" + exec(command) + "\nIcon=lanshare\nTerminal=false\nX-GNOME-Autostart-enabled="
                    + on + "\n" + (on ? "" : "Hidden=true\n");
        }

        /** The Exec key's quoting (Desktop Entry spec): a path with spaces or specials in double quotes. */
        static String exec(String command) {
            if (command.matches("[A-Za-z0-9_./+:@-]+")) {
                return command;
            }
            return "\"" + command.replaceAll("([\"`$\\\\])", "\\\\$1") + "\"";
        }
    }

    /**
     * {@code ~/Library/LaunchAgents/dev.lanshare.tray.plist}: launchd starts the tray at the user's login (in the
     * GUI session only). It is not loaded now: the tray that wrote it is running already.
     */
    public static final class LaunchAgent extends Autostart {
        static final String LABEL = "dev.lanshare.tray";
        private final Path plist;
        private final String command;

        LaunchAgent(Path plist, String command) {
            this.plist = plist;
            this.command = command;
        }

        @Override
        public boolean enabled() {
            return Files.exists(plist);
        }

        @Override
        public void set(boolean on) throws IOException {
            if (!on) {
                Files.deleteIfExists(plist);
                return;
            }
            Files.createDirectories(plist.getParent());
            AtomicFiles.write(plist, plist().getBytes(StandardCharsets.UTF_8));
        }

        String plist() {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                    + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                    + "<plist version=\"1.0\">\n<dict>\n"
                    + "  <key>Label</key>\n  <string>" + LABEL + "</string>\n"
                    + "  <key>ProgramArguments</key>\n"
                    + "  <array>\n    <string>" + xml(command) + "</string>\n  </array>\n"
                    + "  <key>RunAtLoad</key>\n  <true/>\n"
                    + "  <key>LimitLoadToSessionType</key>\n  <string>Aqua</string>\n"
                    + "  <key>ProcessType</key>\n  <string>Interactive</string>\n"
                    + "</dict>\n</plist>\n";
        }

        private static String xml(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }

    /**
     * The {@code lanshare-tray} value of {@code HKCU\Software\Microsoft\Windows\CurrentVersion\Run}, written and
     * read with Windows' own {@code reg} program (no native code here). The value is the launcher's path in
     * quotes, as Windows wants for a path with spaces.
     */
    public static final class RunKey extends Autostart {
        static final String KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
        /** How long {@code reg} may take before it is stopped and the change reported as failed. */
        static final Duration REG_TIMEOUT = Duration.ofSeconds(20);
        private final String command;

        RunKey(String command) {
            this.command = command;
        }

        /**
         * {@code reg add KEY /v lanshare-tray /t REG_SZ /d "\"C:\...\lanshare-tray.exe\"" /f}. The /d argument is
         * given already quoted, which Java passes on unchanged; reg's parser turns each {@code \"} into a quote.
         */
        List<String> addCommand() {
            return List.of("reg", "add", KEY, "/v", NAME, "/t", "REG_SZ", "/d", "\"\\\"" + command + "\\\"\"", "/f");
        }

        List<String> deleteCommand() {
            return List.of("reg", "delete", KEY, "/v", NAME, "/f");
        }

        List<String> queryCommand() {
            return List.of("reg", "query", KEY, "/v", NAME);
        }

        /** What {@code reg query} printed: whether the value is there (and names a program). */
        static boolean present(String queryOutput) {
            return queryOutput.lines().anyMatch(l -> l.strip().startsWith(NAME + " ") && l.contains("REG_"));
        }

        @Override
        public boolean enabled() throws IOException {
            return present(run(queryCommand(), true, REG_TIMEOUT));
        }

        @Override
        public void set(boolean on) throws IOException {
            if (on) {
                run(addCommand(), false, REG_TIMEOUT);
            } else if (enabled()) {
                run(deleteCommand(), false, REG_TIMEOUT);
            }
        }

        /**
         * Runs {@code command} and returns what it printed, stopping it after {@code timeout}. The output is read
         * on a thread of its own: reading it here, first, would wait for as long as the program keeps it open, so
         * a hung {@code reg} would hang the caller with it, whatever the time limit.
         */
        static String run(List<String> command, boolean failureIsAnswer, Duration timeout) throws IOException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // stopped: what came before is kept
                }
            }, "lanshare-reg-output");
            reader.setDaemon(true);
            reader.start();
            String what = "'" + String.join(" ", command.subList(0, Math.min(2, command.size()))) + "'";
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(what + " did not answer within " + timeout.toSeconds() + " s");
                }
                reader.join(timeout.toMillis()); // the rest of what it printed before it exited
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            String text = out.toString(StandardCharsets.UTF_8);
            if (p.exitValue() != 0 && !failureIsAnswer) {
                throw new IOException(what + " failed: " + text.strip());
            }
            return text;
        }
    }
}
