package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * lanshare among the Linux desktop's own DNS-SD software, in network namespaces: anne runs lanshare beside
 * Avahi, ben runs lanshare, carl is a GNOME desktop without lanshare (Avahi, a D-Bus session, gvfs) that browses
 * with avahi-browse and gio, the way GNOME Files does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AvahiTest {
    private Office office;
    private Node anne;
    private Node ben;
    private Office.Host carl;
    private Path anneAvahiLog;

    @BeforeAll
    void office(@TempDir Path dir) throws Exception {
        Office.require();
        for (String program : List.of("avahi-daemon", "avahi-browse", "avahi-resolve", "dbus-daemon")) {
            Tools.require(program);
        }
        office = new Office();
        anne = new Node(office.add("anne", dir.resolve("anne")));
        ben = new Node(office.add("ben", dir.resolve("ben")));
        carl = office.add("carl", dir.resolve("carl"), true);
        Files.writeString(anne.host.home.resolve("Docs/readme.txt"), "hello from anne\n");
        anneAvahiLog = startAvahi(anne.host);
        startAvahi(carl);
        anne.start();
        ben.start();
        anne.awaitReady(Duration.ofSeconds(60));
        ben.awaitReady(Duration.ofSeconds(60));
    }

    /** A private system bus and Avahi on it, as a desktop has them. */
    static Path startAvahi(Office.Host host) throws Exception {
        // in the foreground, so that the office stops it (a forked daemon would outlive the test)
        host.spawn(host.home.resolve("dbus.log"), "dbus-daemon", "--system", "--nofork", "--nopidfile");
        assertTrue(Node.waitFor(Duration.ofSeconds(10), () -> bus(host)) >= 0, "no system bus on " + host.name);
        Path log = host.home.resolve("avahi.log");
        host.spawn(log, "avahi-daemon", "--no-drop-root");
        assertTrue(Node.waitFor(Duration.ofSeconds(20), () -> read(log).contains("Server startup complete")) >= 0,
                () -> "avahi-daemon did not start on " + host.name + ":\n" + read(log));
        return log;
    }

    @AfterAll
    void close() {
        if (office != null) {
            office.close();
        }
    }

    @Test
    @Order(1)
    void avahiSeesBothServiceTypesWithTheirTxtRecords() throws Exception {
        String[] out = new String[1];
        long ms = Node.waitFor(Duration.ofSeconds(20), () -> {
            out[0] = browse(carl);
            return out[0].contains(";anne;_lanshare._tcp;local;anne.local;198.18.0.11;2222;")
                    && out[0].contains(";ben;_lanshare._tcp;local;ben.local;198.18.0.12;2222;")
                    && out[0].contains(";anne;SFTP File Transfer;local;anne.local;198.18.0.11;2222;")
                    && out[0].contains(";ben;SFTP File Transfer;local;ben.local;198.18.0.12;2222;");
        });
        System.out.println("avahi-browse -rpt -a on carl:\n" + out[0]);
        assertTrue(ms >= 0, out[0]);
        String sftp = line(out[0], ";anne;SFTP File Transfer;");
        assertTrue(sftp.endsWith("\"u=guest\" \"path=/\" \"txtvers=1\""), sftp);
        assertFalse(sftp.contains("\"p="), sftp);
        String lanshare = line(out[0], ";anne;_lanshare._tcp;");
        Map<String, Object> seenByBen = ben.peer("anne");
        for (String entry : new String[] {"\"txtvers=1\"", "\"pv=1\"", "\"n=1\"", "\"s0=rg:Docs\"",
                "\"id=" + seenByBen.get("id") + "\"", "\"fp=" + seenByBen.get("fingerprint") + "\""}) {
            assertTrue(lanshare.contains(entry), entry + " in " + lanshare);
        }
    }

    @Test
    @Order(2)
    void lanshareAndAvahiShareOneHostAndItsName() throws Exception {
        Thread.sleep(3000); // both have been probing and answering side by side for a while
        assertTrue(anne.alive(), anne::log);
        String avahi = read(anneAvahiLog);
        assertTrue(avahi.contains("Host name is anne.local"), avahi);
        assertFalse(avahi.contains("conflict"), avahi);
        assertFalse(anne.log().contains("announcing as"), anne.log());
        assertEquals("anne", anne.name());
        String resolved = carl.run("avahi-resolve", "--name", "anne.local", "-4");
        assertEquals("anne.local\t198.18.0.11", resolved.trim());
        assertEquals("sftp://guest@198.18.0.11:2222/", ben.peer("anne").get("url"));
        assertTrue(browse(anne.host).contains(";ben;_lanshare._tcp;local;ben.local;198.18.0.12;2222;"));
        System.out.println("avahi on anne:\n" + avahi + "\navahi-resolve on carl: " + resolved);
    }

    @Test
    @Order(3)
    void gnomeFilesListsTheMachinesAndOpensTheirShares() throws Exception {
        Tools.require("gio");
        assertTrue(Files.isExecutable(Path.of("/usr/libexec/gvfsd-sftp"))
                || Files.isExecutable(Path.of("/usr/lib/gvfs/gvfsd-sftp")), "gvfs's sftp backend is not installed:"
                + " install the Debian package gvfs-backends (./test installs what the tests need)");
        // what GNOME Files does for Network, then for a double click on "anne": answer "Log In Anyway" to the
        // new-host-key question (gvfs shows the fingerprint, which must be the one lanshare announced); more
        // answers than questions, since gvfs may ask again while ssh reconnects
        String script = """
                gio list -u network:/// >/dev/null 2>&1; sleep 3
                echo "== gio list network:///"; gio list -u network:///
                echo "== gio info"; gio info -a standard::display-name,standard::target-uri \\
                    network:///dnssd-domain-anne._sftp-ssh._tcp
                T=$(gio info -a standard::target-uri network:///dnssd-domain-anne._sftp-ssh._tcp \\
                    | sed -n 's/.*target-uri: //p')
                echo "== gio mount $T"; printf '1\\n1\\n\\n' | gio mount "$T"; echo "mount exit $?"
                echo "== gio list $T"; gio list "$T"
                echo "== gio cat ${T}Docs/readme.txt"; gio cat "${T}Docs/readme.txt"
                gio mount -u "$T"
                """;
        // a short runtime folder (in the host's own /run): ssh's control socket lives there, and a Unix socket
        // path longer than 108 bytes fails ("too long for Unix domain socket"), and so does the mount
        carl.run("mkdir", "-p", "-m", "700", "/run/user-0");
        String out = carl.attempt(90, "env", "HOME=" + System.getProperty("user.home"),
                "XDG_RUNTIME_DIR=/run/user-0", "dbus-run-session", "--", "sh", "-c", script);
        System.out.println("gio on carl:\n" + out);
        assertTrue(out.contains("network:///dnssd-domain-anne._sftp-ssh._tcp"), out);
        assertTrue(out.contains("network:///dnssd-domain-ben._sftp-ssh._tcp"), out);
        // gvfs names the machine by its address or by its mDNS host name (both seen, on the same packages): either
        // leads to anne, whose share is mounted and read below
        assertTrue(out.contains("standard::target-uri: sftp://guest@198.18.0.11:2222/")
                || out.contains("standard::target-uri: sftp://guest@anne.local:2222/"), out);
        // gvfs shows the fingerprint it parsed from ssh's question, or "???" where the question reached it in two
        // pieces (its parser reads one chunk of ssh's output at a time; seen once in CI); OpenSSH's own scan from
        // carl must then find the announced key
        String fingerprint = String.valueOf(ben.peer("anne").get("fingerprint"));
        assertTrue(out.contains("“" + fingerprint + "”") || out.contains("“???”"), out);
        String scanned = carl.attempt(30, "sh", "-c", "ssh-keyscan -p 2222 198.18.0.11 | ssh-keygen -lf -");
        assertTrue(scanned.contains(" " + fingerprint + " "), scanned);
        assertTrue(out.contains("== gio list sftp://guest@198.18.0.11:2222/\nDocs")
                || out.contains("== gio list sftp://guest@anne.local:2222/\nDocs"), () -> out + "\nanne:\n"
                + anne.log() + read(anne.host.home.resolve("state/activity.log")));
        assertTrue(out.contains("hello from anne"), out);
    }

    private static boolean bus(Office.Host host) {
        try {
            return host.attempt(5, "test", "-S", "/run/dbus/system_bus_socket").startsWith("0\n");
        } catch (Exception e) {
            return false;
        }
    }

    private static String browse(Office.Host host) {
        try {
            return host.attempt(15, "avahi-browse", "-rpt", "-a");
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String line(String out, String part) {
        return out.lines().filter(l -> l.startsWith("=") && l.contains(part)).findFirst().orElse("");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
