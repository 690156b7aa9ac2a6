package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unicast DNS-SD against a real BIND 9: a DNS server on subnet 0 serves the dynamic zone {@code office.test.},
 * updatable with one TSIG key; anne and ben (subnet 0) and carl (subnet 1, behind a router that does not forward
 * multicast) register there and find each other; eve has a wrong key and is refused; a clean stop removes records.
 */
class WideAreaTest {
    private static final String ZONE = "office.test";
    private static final String KEY = "lanshare-office";

    @Test
    void machinesOnTwoSubnetsRegisterInDnsAndFindEachOther(@TempDir Path dir) throws Exception {
        Office.require();
        Tools.require("named", "bind9");
        Tools.require("dig", "bind9-dnsutils");
        Tools.require("nsupdate", "bind9-dnsutils");
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String secret = Base64.getEncoder().encodeToString(bytes);
        new SecureRandom().nextBytes(bytes);
        String wrong = Base64.getEncoder().encodeToString(bytes);
        try (Office office = new Office()) {
            office.router();
            Office.Host dns = office.add("dns", Files.createDirectories(dir.resolve("dns")), false, 0);
            Process named = startNamed(dns, secret);
            Node anne = new Node(office.add("anne", dir.resolve("anne"), false, 0));
            Node ben = new Node(office.add("ben", dir.resolve("ben"), false, 0));
            Node carl = new Node(office.add("carl", dir.resolve("carl"), false, 1));
            Node eve = new Node(office.add("eve", dir.resolve("eve"), false, 1));
            List<Node> good = List.of(anne, ben, carl);
            for (Node n : good) {
                wideArea(n, dns.address, secret);
            }
            wideArea(eve, dns.address, wrong);
            long t0 = System.nanoTime();
            for (Node n : List.of(anne, ben, carl, eve)) {
                n.start();
            }
            for (Node n : List.of(anne, ben, carl, eve)) {
                n.awaitReady(Duration.ofSeconds(90));
            }
            for (Node n : good) {
                // eve (refused by the DNS server) shares carl's subnet: carl hears her over mDNS and may introduce her
                List<String> others = new java.util.ArrayList<>(List.of("anne", "ben", "carl"));
                others.remove(n.host.name);
                long took = Node.waitFor(Duration.ofSeconds(40), () -> n.peerNames().stream()
                        .filter(x -> !x.equals("eve")).toList().equals(others)
                        && n.peers().stream().allMatch(p -> List.of("Docs:rg").equals(p.get("shares"))));
                System.out.printf("wide area: %s lists %s %d ms after the services were launched%n", n.host.name,
                        n.peerNames(), took < 0 ? -1 : ms(t0));
                assertTrue(took >= 0, () -> n.host.name + " lists " + n.peers() + "\n" + n.log() + "\n" + log(dns));
            }
            // across the router, only DNS could have told them (an introduction may come first)
            Node.waitFor(Duration.ofSeconds(8), () -> "dns-sd".equals(source(anne, "carl"))
                    && "dns-sd".equals(source(carl, "ben")));
            assertEquals("dns-sd", anne.peer("carl").get("source"));
            assertEquals("dns-sd", carl.peer("ben").get("source"));
            assertEquals(List.of(carl.host.address), anne.peer("carl").get("addresses"));

            String zone = dns.run("dig", "@" + dns.address, ZONE + ".", "AXFR", "+noall", "+answer", "-y",
                    "hmac-sha256:" + KEY + ":" + secret);
            System.out.println("wide area: the zone holds\n" + zone);
            for (Node n : good) {
                String instance = n.host.name + "\\032\\(";
                assertTrue(zone.lines().anyMatch(l -> l.startsWith(instance) && l.matches(
                        "\\S+\\._lanshare\\._tcp\\." + ZONE + "\\.\\s+120\\s+IN\\s+SRV\\s+0 0 2222 lanshare-[0-9a-f]{12}\\."
                        + ZONE + "\\.")), instance + " SRV in\n" + zone);
                assertTrue(zone.lines().anyMatch(l -> l.startsWith("_lanshare._tcp." + ZONE + ".") && l.contains(
                        "PTR") && l.contains(instance)), zone);
                assertTrue(zone.lines().anyMatch(l -> l.startsWith(instance) && l.contains("TXT")
                        && l.contains("\"s0=rg:Docs\"")), zone);
                assertTrue(zone.lines().anyMatch(l -> l.startsWith("lanshare-") && l.endsWith("\t" + n.host.address)),
                        zone);
            }
            // eve's key is wrong: she is refused, says so, and nobody lists her
            assertFalse(zone.contains("eve"), zone);
            assertTrue(eve.log().contains("does not accept key '" + KEY + "'"), eve.log());
            for (Node n : good) {
                assertTrue(n.peer("eve") == null || !"dns-sd".equals(n.peer("eve").get("source")), n.host.name);
            }
            assertEquals("mdns", carl.peer("eve").get("source"));
            // an unsigned update is refused by the server
            String unsigned = dns.attempt(30, "sh", "-c", "printf 'server " + dns.address + "\\nzone " + ZONE
                    + "\\nupdate add x." + ZONE + " 60 A 198.18.0.99\\nsend\\n' | nsupdate");
            System.out.println("wide area: unsigned nsupdate:\n" + unsigned);
            assertTrue(unsigned.contains("REFUSED"), unsigned);

            // carl stops cleanly: his records leave the zone and he leaves the others' lists
            long s0 = System.nanoTime();
            carl.stop();
            carl.awaitExit();
            String after = dns.run("dig", "@" + dns.address, ZONE + ".", "AXFR", "+noall", "+answer", "-y",
                    "hmac-sha256:" + KEY + ":" + secret);
            assertFalse(after.contains("carl") || after.contains(carl.host.address), () -> after + carl.log());
            assertTrue(after.contains("anne") && after.contains("ben"), after);
            System.out.println("wide area: carl stopped; the zone holds\n" + after);
            for (Node n : List.of(anne, ben)) {
                long took = Node.waitFor(Duration.ofSeconds(20), () -> !n.peerNames().contains("carl"));
                System.out.printf("wide area: carl stopped; gone from %s's list after %d ms%n", n.host.name,
                        took < 0 ? -1 : ms(s0));
                assertTrue(took >= 0, () -> n.host.name + " still lists carl\n" + n.log());
            }
            assertTrue(named.isAlive(), () -> log(dns));
        }
    }

    private static Process startNamed(Office.Host dns, String secret) throws Exception {
        Path d = dns.home;
        Files.writeString(d.resolve(ZONE + ".db"), "$TTL 120\n@ SOA ns." + ZONE + ". admin." + ZONE
                + ". 1 60 60 600 60\n@ NS ns\nns A " + dns.address + "\n");
        Files.writeString(d.resolve("named.conf"), "options {\n directory \"" + d + "\";\n pid-file \"" + d
                + "/named.pid\";\n session-keyfile \"" + d + "/session.key\";\n listen-on { " + dns.address
                + "; };\n listen-on-v6 { none; };\n recursion no;\n dnssec-validation no;\n};\ncontrols { };\n"
                + "key \"" + KEY + "\" { algorithm hmac-sha256; secret \"" + secret + "\"; };\n"
                + "zone \"" + ZONE + "\" { type primary; file \"" + d + "/" + ZONE + ".db\";\n"
                + " update-policy { grant " + KEY + " zonesub ANY; };\n allow-transfer { key " + KEY + "; };\n};\n");
        Process p = dns.spawn(d.resolve("named.log"), Tools.require("named", "bind9"), "-g", "-c",
                d.resolve("named.conf").toString());
        long took = Node.waitFor(Duration.ofSeconds(30), () -> log(dns).contains("running"));
        assertTrue(took >= 0 && p.isAlive(), () -> "named did not start:\n" + log(dns));
        return p;
    }

    private static void wideArea(Node n, String server, String secret) throws Exception {
        Path f = n.host.home.resolve(WideArea.FILE);
        Files.writeString(f, "domain=" + ZONE + ".\nserver=" + server + "\nkey-name=" + KEY
                + "\nkey-algorithm=hmac-sha256\nkey-secret=" + secret + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    private static String log(Office.Host dns) {
        try {
            return Files.readString(dns.home.resolve("named.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static Object source(Node n, String peer) {
        Map<String, Object> p = n.peer(peer);
        return p == null ? null : p.get("source");
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
