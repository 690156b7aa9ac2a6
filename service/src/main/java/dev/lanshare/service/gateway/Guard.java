package dev.lanshare.service.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Who may use the gateway: requests that name it by a loopback {@code Host} (so that a web page cannot reach it
 * through DNS rebinding), and on Linux only connections from this user's own programs (the owner of the
 * connecting socket, found in {@code /proc/net/tcp} and {@code tcp6} by its port).
 */
final class Guard {
    private final int port;
    private final Path procNet;
    private final int ownUid;
    private final Set<Integer> alsoOwn;

    Guard(int port, Path procNet, int ownUid, Set<Integer> alsoOwn) {
        this.port = port;
        this.procNet = procNet;
        this.ownUid = ownUid;
        this.alsoOwn = Set.copyOf(alsoOwn);
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
        return new Guard(port, uid < 0 ? null : proc, uid, uid == 0 ? davfsUser(Path.of("/etc/passwd")) : Set.of());
    }

    /**
     * For a gateway run by root: davfs2's own account, which {@code mount.davfs} works as once root has mounted
     * (a user's own mount works as that user). A system account no one logs in as, and root may read everything
     * anyway, so nobody reaches what they could not before.
     */
    static Set<Integer> davfsUser(Path passwd) {
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":");
                if (f.length > 2 && f[0].equals("davfs2")) {
                    return Set.of(Integer.parseInt(f[2]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no davfs2 here
        }
        return Set.of();
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
        return uid.isPresent() && (uid.getAsInt() == ownUid || alsoOwn.contains(uid.getAsInt()));
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
