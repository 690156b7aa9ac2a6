package dev.lanshare.service.peer;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which programs open a colleague's folder in this machine's file manager. On Linux desktops, {@code gio open} on
 * GNOME (and other GTK desktops), {@code kioclient exec} on KDE, {@code xdg-open} last, with an {@code sftp://}
 * URL (none without a desktop session). Finder and Explorer speak no SFTP: on macOS and Windows the folder is
 * opened through this machine's WebDAV gateway ({@link #viaGateway}), which Linux desktops can use too.
 */
public final class Opener {
    private Opener() {
    }

    /**
     * @param env       the environment (XDG_CURRENT_DESKTOP, DISPLAY, WAYLAND_DISPLAY)
     * @param installed whether a program is on the PATH
     * @return the command to run, or empty: then print the URL
     */
    public static Optional<List<String>> command(String url, Map<String, String> env, Predicate<String> installed) {
        boolean session = env.containsKey("DISPLAY") || env.containsKey("WAYLAND_DISPLAY");
        if (!session) {
            return Optional.empty();
        }
        String desktop = env.getOrDefault("XDG_CURRENT_DESKTOP", "").toUpperCase(Locale.ROOT);
        if (desktop.contains("KDE")) {
            for (String kio : List.of("kioclient", "kioclient6", "kioclient5")) {
                if (installed.test(kio)) {
                    return Optional.of(List.of(kio, "exec", url));
                }
            }
        }
        if (!desktop.contains("KDE") && installed.test("gio")) {
            return Optional.of(List.of("gio", "open", url));
        }
        if (installed.test("xdg-open")) {
            return Optional.of(List.of("xdg-open", url));
        }
        return Optional.empty();
    }

    /** Whether the file manager of system {@code os} (the {@code os.name} property) needs the WebDAV gateway. */
    public static boolean needsGateway(String os) {
        String o = os.toLowerCase(Locale.ROOT);
        return o.startsWith("mac") || o.startsWith("windows");
    }

    /**
     * The commands, run one after the other, that open {@code share} of the colleague called {@code peer} (all
     * its shares when {@code share} is null) through the gateway at {@code gatewayUrl}
     * ({@code http://127.0.0.1:PORT/TOKEN/}): on macOS Finder mounts the {@code http://} URL and opens the mounted
     * folder; on Windows {@code net use} connects the WebClient to it and Explorer opens it; elsewhere the
     * desktop's opener gets a {@code dav://} URL ({@code webdav://} on KDE). Empty: print {@link #gatewayUrl}.
     */
    public static List<List<String>> viaGateway(String gatewayUrl, String peer, String share, String os,
            Map<String, String> env, Predicate<String> installed) {
        String o = os.toLowerCase(Locale.ROOT);
        if (o.startsWith("mac")) {
            String url = gatewayUrl(gatewayUrl, peer, share);
            return List.of(List.of("osascript", "-e", "mount volume \"" + url + "\""),
                    List.of("open", "/Volumes/" + (share == null ? peer : share)));
        }
        if (o.startsWith("windows")) {
            // the WebClient's own form of http://127.0.0.1:PORT/path: \\127.0.0.1@PORT\path, no drive letter used up
            URI base = URI.create(gatewayUrl);
            String path = base.getPath() + peer + "/" + (share == null ? "" : share + "/");
            String unc = "\\\\" + base.getHost() + "@" + base.getPort() + path.replace('/', '\\');
            unc = unc.endsWith("\\") ? unc.substring(0, unc.length() - 1) : unc;
            return List.of(List.of("net", "use", unc), List.of("explorer.exe", unc));
        }
        String dav = "dav" + gatewayUrl(gatewayUrl, peer, share).substring("http".length());
        Optional<List<String>> command = command(dav, env, installed);
        if (command.isEmpty()) {
            return List.of();
        }
        List<String> c = command.get();
        return List.of(c.get(0).startsWith("kioclient") ? List.of(c.get(0), "exec", "web" + dav) : c);
    }

    /** The gateway's {@code http://} URL of {@code share} of {@code peer} (of all its shares when null). */
    public static String gatewayUrl(String gatewayUrl, String peer, String share) {
        URI base = URI.create(gatewayUrl);
        String path = base.getPath() + peer + "/" + (share == null ? "" : share + "/");
        try {
            return new URI(base.getScheme(), null, base.getHost(), base.getPort(), path, null, null)
                    .toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a gateway URL: " + gatewayUrl, e);
        }
    }

    /**
     * Runs {@code commands} one after the other (mount, then open), their output going to {@code output}; whether
     * all of them ran and succeeded. One that takes over two minutes (a mount waiting on a dialog) counts as failed.
     */
    public static boolean runAll(List<List<String>> commands, ProcessBuilder.Redirect output) {
        if (commands.isEmpty()) {
            return false;
        }
        try {
            for (List<String> c : commands) {
                Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(output)
                        .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
                if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether {@code program} is an executable file in one of the PATH's folders. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
