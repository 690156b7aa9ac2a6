package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An office with two subnets joined by a router that does not forward multicast: anne and ben on 198.18.0.0/24,
 * carl and dora on 198.18.1.0/24. mDNS finds only the colleague on one's own side; one address added by hand on
 * anne joins the two networks (carl, then the machines each knows), and a machine that stops leaves every list.
 */
class TwoSubnetsTest {
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    @Test
    void oneAddressAddedByHandJoinsTwoSubnets(@TempDir Path dir) throws Exception {
        Office.require();
        try (Office office = new Office()) {
            office.router();
            Node anne = new Node(office.add("anne", dir.resolve("anne"), false, 0));
            Node ben = new Node(office.add("ben", dir.resolve("ben"), false, 0));
            Node carl = new Node(office.add("carl", dir.resolve("carl"), false, 1));
            Node dora = new Node(office.add("dora", dir.resolve("dora"), false, 1));
            List<Node> all = List.of(anne, ben, carl, dora);
            Files.writeString(carl.host.home.resolve("Docs/floor-2.txt"), "second floor plan\n");
            Files.writeString(anne.host.home.resolve("Docs/floor-1.txt"), "first floor plan\n");
            for (Node n : all) {
                n.start();
            }
            for (Node n : all) {
                n.awaitReady(Duration.ofSeconds(90));
            }
            // each side sees only its own: multicast does not cross the router
            assertSees(anne, Duration.ofSeconds(15), "ben");
            assertSees(carl, Duration.ofSeconds(15), "dora");
            Thread.sleep(2000);
            assertEquals(List.of("ben"), anne.peerNames(), "mDNS crossed the router?");
            assertEquals(List.of("dora"), carl.peerNames(), "mDNS crossed the router?");

            // the doctor names the cause: carl answers, on another subnet, unheard
            String doctor = anne.host.attempt(60, Lanshare.command(anne, "doctor", carl.host.address + ":2222"));
            System.out.println("two subnets: lanshare doctor " + carl.host.address + ":2222 (on anne):\n" + doctor);
            assertTrue(doctor.startsWith("1\n") && doctor.contains("not in any of our subnets") && doctor.contains("mDNS does not cross routers")
                    && doctor.contains("lanshare peers add " + carl.host.address + ":2222"), doctor);

            // first contact: the key is shown for the user to confirm; without a terminal, the command says how
            String carlAt = carl.host.address + ":2222";
            // the clock starts at the first contact: that one already introduces anne to carl
            long t0 = System.nanoTime();
            String unconfirmed = anne.host.attempt(60, Lanshare.command(anne, "peers", "add", carlAt));
            System.out.println("two subnets: lanshare peers add " + carlAt + " (on anne):\n" + unconfirmed);
            Matcher fp = FINGERPRINT.matcher(unconfirmed);
            assertTrue(unconfirmed.startsWith("1\n") && fp.find(), unconfirmed);
            assertEquals(dora.peer("carl").get("fingerprint"), fp.group(), "the key shown is carl's own");
            String wrong = anne.host.attempt(60, Lanshare.command(anne, "peers", "add", carlAt, "--fingerprint",
                    "SHA256:" + "A".repeat(43)));
            assertTrue(wrong.startsWith("1\n") && wrong.contains("not adding it"), wrong);

            Lanshare.run(anne, "peers", "add", carlAt, "--fingerprint", fp.group());
            long added = ms(t0);
            assertTrue(Files.readString(anne.host.home.resolve("settings.yaml")).contains(carlAt));
            for (Node n : all) {
                List<String> others = new ArrayList<>(List.of("anne", "ben", "carl", "dora"));
                others.remove(n.host.name);
                long took = Node.waitFor(Duration.ofSeconds(10).minusMillis(ms(t0)), () -> n.peerNames()
                        .equals(others) && n.peers().stream().allMatch(p -> List.of("Docs:rg").equals(p.get("shares"))));
                System.out.printf("two subnets: %s lists %s %d ms after the first 'peers add' (%d ms until the confirmed add returned)%n",
                        n.host.name, n.peerNames(), took < 0 ? -1 : ms(t0), added);
                assertTrue(took >= 0, () -> n.host.name + " lists " + n.peers() + "\n" + n.log());
            }
            // anne's own contact with the address she added makes carl "manual"; an introduction may come first
            Node.waitFor(Duration.ofSeconds(6), () -> "manual".equals(anne.peer("carl").get("source")));
            assertEquals("manual", anne.peer("carl").get("source"));
            assertEquals("introduced", anne.peer("dora").get("source"));
            assertEquals("mdns", anne.peer("ben").get("source"));
            assertEquals("introduced", dora.peer("ben").get("source"));
            assertEquals(List.of(ben.host.address), dora.peer("ben").get("addresses"));

            String healthy = anne.host.attempt(60, Lanshare.command(anne, "doctor", "carl"));
            System.out.println("two subnets: lanshare doctor carl (on anne), once joined:\n" + healthy);
            assertTrue(healthy.startsWith("0\n") && healthy.contains("it is on the list (added by hand)"), healthy);

            // a copy across the router, both ways; dora never had anne's address typed in
            Path got = Files.createDirectories(dir.resolve("got"));
            long g0 = System.nanoTime();
            Lanshare.run(anne, "get", "carl/Docs/floor-2.txt", got.toString(), "-q");
            Lanshare.run(dora, "get", "anne/Docs/floor-1.txt", got.toString(), "-q");
            System.out.printf("two subnets: anne got carl/Docs/floor-2.txt and dora got anne/Docs/floor-1.txt "
                    + "across the router in %d ms%n", ms(g0));
            assertEquals("second floor plan\n", Files.readString(got.resolve("floor-2.txt")));
            assertEquals("first floor plan\n", Files.readString(got.resolve("floor-1.txt")));

            // ben stops: anne hears its goodbye, carl and dora stop reaching it
            long s0 = System.nanoTime();
            ben.stop();
            for (Node n : List.of(anne, carl, dora)) {
                long took = Node.waitFor(Duration.ofSeconds(30), () -> !n.peerNames().contains("ben"));
                System.out.printf("two subnets: ben stopped; gone from %s's list after %d ms%n", n.host.name,
                        took < 0 ? -1 : ms(s0));
                assertTrue(took >= 0, () -> n.host.name + " still lists ben\n" + n.log());
            }
            ben.awaitExit();
            assertEquals(List.of("anne", "carl"), dora.peerNames());

            Lanshare.run(anne, "peers", "remove", carlAt);
            assertTrue(!Files.readString(anne.host.home.resolve("settings.yaml")).contains(carlAt));
        }
    }

    private static void assertSees(Node n, Duration limit, String... names) throws InterruptedException {
        long took = Node.waitFor(limit, () -> n.peerNames().equals(List.of(names)));
        assertTrue(took >= 0, () -> n.host.name + " lists " + n.peerNames() + ", not " + List.of(names) + "\n"
                + n.log());
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The {@code lanshare} command run on one machine of the office. */
    static final class Lanshare {
        private Lanshare() {
        }

        static String[] command(Node on, String... args) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "dev.lanshare.service.cli.Main"));
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("--home", on.host.home.toString()));
            return cmd.toArray(String[]::new);
        }

        static String run(Node on, String... args) throws Exception {
            String out = on.host.attempt(60, command(on, args));
            assertTrue(out.startsWith("0\n"), () -> String.join(" ", args) + " exited " + out);
            return out.substring(2);
        }
    }
}
