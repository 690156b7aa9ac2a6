package dev.lanshare.service.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Who may use the gateway: requests that name it by a loopback {@code Host} (so that a web page cannot reach it
 * through DNS rebinding), and on Linux only connections from this user's own programs (the owner of the
 * connecting socket, found in {@code /proc/net/tcp} and {@code tcp6} by its port).
 */
final class Guard {
    private final int port;
    private final Path procNet;
    private final int ownUid;

    Guard(int port, Path procNet, int ownUid) {
        this.port = port;
        this.procNet = procNet;
        this.ownUid = ownUid;
    }

    /** With the real {@code /proc}; no owner check where there is none (macOS, Windows). */
    static Guard forThisUser(int port) {
        Path proc = Path.of("/proc/net");
        int uid = -1;
        try {
            if (Files.isRegularFile(proc.resolve("tcp"))) {
                uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            }
        } catch (IOException | UnsupportedOperationException e) {
            uid = -1;
        }
        return new Guard(port, uid < 0 ? null : proc, uid);
    }

    /** Whether the {@code Host} header names this gateway on loopback. */
    boolean hostAllowed(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        String p = ":" + port;
        return h.equals("127.0.0.1" + p) || h.equals("[::1]" + p) || h.equals("localhost" + p);
    }

    /** Whether the connection from loopback port {@code clientPort} belongs to this user. */
    boolean ownerAllowed(int clientPort) {
        if (procNet == null) {
            return true;
        }
        OptionalInt uid = owner(clientPort);
        return uid.isPresent() && uid.getAsInt() == ownUid;
    }

    private OptionalInt owner(int clientPort) {
        for (String table : List.of("tcp", "tcp6")) {
            try {
                for (String line : Files.readAllLines(procNet.resolve(table))) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length > 7 && f[1].contains(":") && port(f[1]) == clientPort && port(f[2]) == port) {
                        return OptionalInt.of(Integer.parseInt(f[7]));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no such table (IPv6 off): the other one decides
            }
        }
        return OptionalInt.empty();
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.lastIndexOf(':') + 1), 16);
    }
}
