package dev.lanshare.service.discovery;

import dev.lanshare.service.Tools;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lanshare.config.AppDirs;
import dev.lanshare.service.control.ControlClient;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.lanshare.config.Access;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.config.Share;
import java.time.Duration;
import java.util.ArrayList;
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
 * {@code lanshare doctor} in a namespace office of three lanshare machines, each cause of "I can't see my
 * colleague" made real in turn (and undone): a firewall dropping mDNS, one dropping the SFTP port, Wi-Fi client
 * isolation, multicast switched off, a name taken twice; and no alarm on the healthy office. Prints each report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoctorTest {
    private Office office;
    private Node anne;
    private Node ben;
    private Node carl;

    @BeforeAll
    void office(@TempDir Path dir) throws Exception {
        Office.require();
        Tools.require("nft", "nftables");
        office = new Office();
        anne = new Node(office.add("anne", dir.resolve("anne")));
        ben = new Node(office.add("ben", dir.resolve("ben")));
        carl = new Node(office.add("carl", dir.resolve("carl")));
        for (Node n : List.of(anne, ben, carl)) {
            n.start();
        }
        for (Node n : List.of(anne, ben, carl)) {
            n.awaitReady(Duration.ofSeconds(60));
        }
        assertTrue(Node.waitFor(Duration.ofSeconds(15), () -> Node.sees("ben", "carl").test(anne)
                && Node.sees("anne", "carl").test(ben)) >= 0, anne::log);
    }

    @AfterAll
    void close() {
        if (office != null) {
            office.close();
        }
    }

    @Test
    @Order(1)
    void theHealthyOfficeRaisesNoAlarm() throws Exception {
        String out = doctor(anne, "ben");
        assertTrue(out.startsWith("0\n"), out);
        assertFalse(out.contains("PROBLEM") || out.contains("WARNING"), out);
        assertTrue(out.contains("'ben' answers at 198.18.0.12:2222") && out.contains("it is on the list"), out);
        assertTrue(out.contains("announcing on eth0 198.18.0.11/24") && out.contains("lo: loopback"), out);
        assertTrue(out.contains("this machine's announcements are heard by 'ben' (198.18.0.12), 'carl' (198.18.0.13)")
                || out.contains("this machine's announcements are heard by 'carl' (198.18.0.13), 'ben' (198.18.0.12)"),
                out);
        JsonNode json = new ObjectMapper().readTree(doctor(anne, "--json").substring(2));
        List<String> checks = new ArrayList<>();
        json.forEach(f -> {
            checks.add(f.path("check").asText());
            assertEquals("ok", f.path("level").asText(), f::toString);
        });
        assertEquals(List.of("interfaces", "mdns-traffic", "heard-by", "firewall", "name"), checks);
    }

    @Test
    @Order(2)
    void aFirewallDroppingMdnsIsNamed() throws Exception {
        firewall(ben, "udp dport 5353 drop");
        try {
            String out = doctor(ben);
            assertTrue(out.startsWith("1\n"), out);
            assertTrue(out.contains("PROBLEM  no mDNS traffic from other machines reached this one"), out);
            assertTrue(out.contains("PROBLEM  the firewall drops mDNS: udp dport 5353 drop"), out);
            assertTrue(out.contains("sudo ufw allow 5353/udp"), out);
        } finally {
            ben.host.run("nft", "delete", "table", "inet", "doctortest");
        }
    }

    @Test
    @Order(3)
    void aFirewallDroppingTheSftpPortIsNamedOnBothSides() throws Exception {
        firewall(ben, "tcp dport 2222 drop");
        try {
            String out = doctor(anne, "ben");
            assertTrue(out.startsWith("1\n"), out);
            assertTrue(out.contains("PROBLEM  'ben' does not answer at 198.18.0.12:2222 (timeout); 198.18.0.12 (in "
                    + "our subnet 198.18.0.11/24 on eth0)"), out);
            assertTrue(out.contains("a firewall on that machine"), out);
            String own = doctor(ben);
            assertTrue(own.contains("PROBLEM  the firewall drops the SFTP port 2222: tcp dport 2222 drop"), own);
        } finally {
            ben.host.run("nft", "delete", "table", "inet", "doctortest");
        }
    }

    @Test
    @Order(4)
    void wifiClientIsolationIsNamed() throws Exception {
        office.isolate(anne.host, true);
        office.isolate(ben.host, true);
        try {
            anne.host.run("ip", "neigh", "flush", "dev", "eth0"); // as a newly joined machine: no neighbours yet
            String out = doctor(anne, "198.18.0.12");
            assertTrue(out.startsWith("1\n"), out);
            assertTrue(out.contains("does not answer at 198.18.0.12:2222 (no route)"), out);
            assertTrue(out.contains("client isolation"), out);
        } finally {
            office.isolate(anne.host, false);
            office.isolate(ben.host, false);
        }
    }

    @Test
    @Order(5)
    void multicastSwitchedOffIsNamed() throws Exception {
        ben.host.run("ip", "link", "set", "eth0", "multicast", "off");
        try {
            String out = doctor(ben);
            assertTrue(out.startsWith("1\n"), out);
            assertTrue(out.contains("PROBLEM  announcing on no interface; left out: eth0: multicast is switched off "
                    + "on it (turn it on: sudo ip link set eth0 multicast on)"), out);
        } finally {
            ben.host.run("ip", "link", "set", "eth0", "multicast", "on");
        }
    }

    @Test
    @Order(6)
    void aNameTakenTwiceIsNamed() throws Exception {
        try (ControlClient c = ControlClient.connect(AppDirs.under(carl.host.home)).orElseThrow()) {
            c.request("machine.name", Map.of("name", "anne"));
            assertTrue(Node.waitFor(Duration.ofSeconds(15), () -> "anne (2)".equals(carl.name())) >= 0, carl::log);
            assertTrue(Node.waitFor(Duration.ofSeconds(15), () -> Node.sees("anne (2)").test(ben)) >= 0, ben::log);
            String out = doctor(carl);
            assertTrue(out.startsWith("0\n"), out); // a warning, not a failure: both machines are seen
            assertTrue(out.contains("WARNING  another machine on the network is also called 'anne': this one is "
                    + "announced as 'anne (2)'"), out);
            c.request("machine.name", Map.of("name", ""));
            assertTrue(Node.waitFor(Duration.ofSeconds(15), () -> Node.sees("carl").test(anne)) >= 0, anne::log);
        }
    }

    @Test
    @Order(7)
    void aColleagueThatDoesNotHearThisMachineIsNamed() throws Exception {
        // ben drops anne's mDNS only: anne hears ben, ben does not hear anne; only ben can tell, so anne asks it
        anne.stop();
        anne.awaitExit();
        assertTrue(Node.waitFor(Duration.ofSeconds(15), () -> !Node.sees("anne").test(ben)) >= 0, ben::log);
        firewall(ben, "ip saddr 198.18.0.11 udp dport 5353 drop");
        try {
            anne.start();
            anne.awaitReady(Duration.ofSeconds(60));
            assertTrue(Node.waitFor(Duration.ofSeconds(15), () -> Node.sees("ben", "carl").test(anne)) >= 0,
                    anne::log);
            String out = doctor(anne);
            assertTrue(out.startsWith("1\n"), out);
            assertTrue(out.contains("PROBLEM  'ben' (198.18.0.12) answers over SSH and is heard here, but does not "
                    + "hear this machine's announcements"), out);
            assertTrue(out.contains("going out of this machine or coming into 'ben'"), out);
            assertTrue(out.contains("this machine's announcements are heard by 'carl' (198.18.0.13)"), out);
        } finally {
            ben.host.run("nft", "delete", "table", "inet", "doctortest");
        }
    }

    /**
     * A colleague that shares nothing with guests cannot be asked (machines ask each other as the guest): that is
     * said as it is, not as a warning to "run lanshare doctor" about a machine that answered as lanshare does.
     */
    @Test
    @Order(8)
    void aColleagueThatLetsNoGuestInIsNotAWarning() throws Exception {
        Path settings = carl.host.home.resolve("settings.yaml");
        String before = Files.readString(settings);
        try {
            SettingsFile.save(settings, SettingsFile.load(settings).withShare(new Share("Docs",
                    carl.host.home.resolve("Docs").toRealPath(), true, Map.of(Share.ACCOUNTS, Access.READ))));
            assertTrue(Node.waitFor(Duration.ofSeconds(15), () -> anne.peer("carl") != null
                    && List.of("Docs:r").equals(anne.peer("carl").get("shares"))) >= 0, anne::log);
            String out = doctor(anne);
            assertTrue(out.startsWith("0\n"), out);
            assertFalse(out.contains("WARNING") || out.contains("PROBLEM"), out);
            assertTrue(out.contains("ok       'carl' (198.18.0.13) lets no guests in (nothing shared with guests), so "
                    + "whether it hears this machine cannot be asked"), out);
        } finally {
            Files.writeString(settings, before);
        }
    }

    private void firewall(Node on, String rule) throws Exception {
        on.host.run("nft", "add", "table", "inet", "doctortest");
        on.host.run("nft", "add", "chain", "inet", "doctortest", "in",
                "{ type filter hook input priority 0 ; policy accept ; }");
        on.host.run("sh", "-c", "nft add rule inet doctortest in " + rule);
    }

    /** Runs {@code lanshare doctor} on {@code on}'s machine; exit code, newline, output. Prints it. */
    private static String doctor(Node on, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.lanshare.service.cli.Main", "doctor"));
        for (String a : args) {
            if (a != null) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("--home", on.host.home.toString()));
        String out = on.host.attempt(60, cmd.toArray(String[]::new));
        System.out.println("doctor: lanshare " + String.join(" ", cmd.subList(4, cmd.size() - 2)) + " (on "
                + on.host.name + "), exit " + out);
        return out;
    }
}
