package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage on 5353 (random and truncated packets, absurd TXT records, thousands of fake lanshare machines) sent
 * from one namespace host to another that runs lanshare: the service keeps running, its peer list never grows
 * past the directory's capacity, and the real peer stays (or comes back) on it.
 */
class MdnsFloodTest {
    static final int FAKES = 6000;
    static final int JUNK = 3000;

    @Test
    void garbageNeitherStopsTheServiceNorGrowsThePeerList(@TempDir Path dir) throws Exception {
        Office.require();
        try (Office office = new Office()) {
            Node anne = new Node(office.add("anne", dir.resolve("anne")));
            Node ben = new Node(office.add("ben", dir.resolve("ben")));
            Office.Host mallory = office.add("mallory", dir.resolve("mallory"));
            anne.start();
            ben.start();
            anne.awaitReady(Duration.ofSeconds(60));
            ben.awaitReady(Duration.ofSeconds(60));
            assertTrue(Node.waitFor(Duration.ofSeconds(10), () -> Node.sees("ben").test(anne)) >= 0, anne::log);

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process flood = mallory.spawn(mallory.home.resolve("flood.log"), java, "-Xmx64m", "-cp",
                    System.getProperty("java.class.path"), MdnsFlood.class.getName(), "eth0", anne.host.address,
                    Integer.toString(FAKES), Integer.toString(JUNK), "20261126", mallory.address);
            AtomicInteger most = new AtomicInteger();
            long sending = Node.waitFor(Duration.ofSeconds(120), () -> {
                most.accumulateAndGet(anne.peers().size(), Math::max);
                return !flood.isAlive();
            });
            // the service works through what it received
            Node.waitFor(Duration.ofSeconds(10), () -> {
                most.accumulateAndGet(anne.peers().size(), Math::max);
                return false;
            });
            String sent = AvahiTest.read(mallory.home.resolve("flood.log"));
            System.out.printf("flood: %s in %d ms; anne's peer list held at most %d peers (capacity %d)%n",
                    sent.trim(), sending, most.get(), Discovery.CAPACITY);
            assertTrue(sent.contains("sent " + FAKES), sent);
            assertTrue(anne.alive(), anne::log);
            assertTrue(most.get() > 10, "the fake machines were not even seen: " + most.get());
            assertTrue(most.get() <= Discovery.CAPACITY, most.get() + " peers");
            long back = Node.waitFor(Duration.ofSeconds(30), () -> Node.sees("ben").test(anne));
            System.out.println("flood: ben on anne's list " + back + " ms after the flood settled");
            assertTrue(back >= 0, anne::log);
            // ben got the flood too: with its list full of fakes, anne may have been pushed out (the cap drops the
            // longest silent first) and comes back with her next announcement, within one renewal (15 s)
            assertTrue(Node.waitFor(Duration.ofSeconds(30), () -> Node.sees("anne").test(ben)) >= 0, ben::log);
        }
    }
}
