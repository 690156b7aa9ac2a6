package dev.lanshare.tray.sni;

import dev.lanshare.tray.Tools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A private session bus ({@code dbus-daemon --session}) for one test, so no desktop's bus is touched. */
final class PrivateBus implements AutoCloseable {
    private final Process daemon;
    private final String address;

    private PrivateBus(Process daemon, String address) {
        this.daemon = daemon;
        this.address = address;
    }

    static PrivateBus start() throws Exception {
        Tools.require("dbus-send", "dbus");
        Process p = new ProcessBuilder(Tools.require("dbus-daemon", "dbus"), "--session", "--nofork", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String address = out.readLine();
        if (address == null || address.isBlank()) {
            p.destroy();
            throw new IllegalStateException("dbus-daemon printed no address");
        }
        return new PrivateBus(p, address.trim());
    }

    String address() {
        return address;
    }

    /** Runs {@code dbus-send --print-reply} on this bus, a real D-Bus client independent of dbus-java. */
    String send(String dest, String path, String method, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dbus-send", "--bus=" + address, "--print-reply",
                "--dest=" + dest, path, method));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("dbus-send " + method + " failed: " + text);
        }
        return text;
    }

    @Override
    public void close() {
        daemon.destroy();
    }
}
