package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import dev.lanshare.service.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerDirectoryTest {
    private static final String OWN = "0".repeat(32);
    private static final String ANN = "a".repeat(32);
    private final FakeClock clock = new FakeClock();
    private final PeerDirectory directory = new PeerDirectory(clock, OWN, 3, Duration.ofSeconds(20),
            Duration.ofMinutes(10), a -> a.getHostAddress().startsWith("198.18.0."));

    @Test
    void aResolvedServiceIsFoundOnceAndChangedWhenItsSharesChange() {
        assertInstanceOf(PeerEvent.Found.class, directory.seen(sighting("eth0", "Ann", ANN, "198.18.0.5")).get(0));
        assertEquals(List.of(), directory.seen(sighting("eth0", "Ann", ANN, "198.18.0.5")));
        List<PeerEvent> changed = directory.seen(sighting("eth0", "Ann", ANN, "198.18.0.5", "s0", "rg:Plans"));
        assertInstanceOf(PeerEvent.Changed.class, changed.get(0));
        Peer ann = directory.peers().get(0);
        assertEquals(List.of(new Peer.Folder("Plans", true, true)), ann.shares());
        assertEquals("sftp://guest@198.18.0.5:2222/", ann.url());
        assertEquals("ann.local", ann.host());
    }

    @Test
    void ourOwnAnnouncementAndForeignRecordsAreIgnored() {
        assertEquals(List.of(), directory.seen(sighting("eth0", "Me", OWN, "198.18.0.1")));
        assertEquals(List.of(), directory.seen(new Sighting("eth0", "x", "x.local.", List.of(), 2222,
                Map.of("txtvers", "1", "id", "not-an-id", "fp", "f"))));
        assertEquals(List.of(), directory.peers());
    }

    @Test
    void oneMachineSeenOnTwoNetworksIsOnePeerPreferringOurSubnet() throws Exception {
        directory.seen(sighting("10.9.0.2", "Ann", ANN, "10.9.0.7"));
        directory.seen(sighting("198.18.0.1", "Ann", ANN, "198.18.0.5"));
        directory.seen(sighting("fd00::1", "Ann", ANN, "fd00::5"));
        assertEquals(1, directory.peers().size());
        assertEquals(List.of(InetAddress.getByName("198.18.0.5"), InetAddress.getByName("10.9.0.7"),
                InetAddress.getByName("fd00::5")), directory.peers().get(0).addresses());
        directory.gone("198.18.0.1", "Ann");
        directory.gone("fd00::1", "Ann");
        assertEquals(List.of(InetAddress.getByName("10.9.0.7")), directory.peers().get(0).addresses());
        assertInstanceOf(PeerEvent.Lost.class, directory.goneVia("10.9.0.2").get(0));
        assertEquals(List.of(), directory.peers());
    }

    @Test
    void aSilentPeerIsHiddenAfterTheExpiryAndComesBackWhenItAnswers() {
        directory.seen(sighting("eth0", "Ann", ANN, "198.18.0.5"));
        clock.advance(Duration.ofSeconds(19));
        assertEquals(List.of(), directory.expire());
        assertEquals(List.of(), directory.probeTargets(Duration.ofSeconds(20)));
        assertEquals(1, directory.probeTargets(Duration.ofSeconds(5)).size());
        clock.advance(Duration.ofSeconds(2));
        assertInstanceOf(PeerEvent.Lost.class, directory.expire().get(0));
        assertEquals(List.of(), directory.peers());
        assertInstanceOf(PeerEvent.Found.class, directory.reachable(ANN).get(0));
        assertEquals(clock.instant(), directory.peers().get(0).lastSeen());
        clock.advance(Duration.ofMinutes(11));
        directory.expire();
        assertEquals(0, directory.size());
    }

    @Test
    void aPeerHiddenLatelyIsProbedEverySecondForTwoMinutesThenOnlyWithTheQuietOnes() {
        directory.seen(sighting("eth0", "Ann", ANN, "198.18.0.5"));
        assertEquals(List.of(), directory.hiddenTargets(Duration.ofMinutes(2)), "shown: not among the hidden");
        clock.advance(Duration.ofSeconds(21));
        directory.expire();
        assertEquals(List.of(new PeerDirectory.Target(ANN, address("198.18.0.5"), 2222)),
                directory.hiddenTargets(Duration.ofMinutes(2)));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(List.of(), directory.hiddenTargets(Duration.ofMinutes(2)));
        assertEquals(1, directory.probeTargets(Duration.ofSeconds(5)).size(), "still probed with the quiet ones");
        directory.seen(sighting("eth0", "Far", "b".repeat(32), "203.0.113.9"));
        clock.advance(Duration.ofSeconds(21));
        directory.expire();
        assertEquals(List.of(), directory.hiddenTargets(Duration.ofMinutes(2)), "outside our subnets: never");
    }

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aPeerOutsideOurSubnetsIsNeverProbed() {
        directory.seen(sighting("eth0", "Far", ANN, "203.0.113.9"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(), directory.probeTargets(Duration.ofSeconds(5)));
    }

    @Test
    void theDirectoryNeverHoldsMoreThanItsCapacity() {
        for (int i = 0; i < 1000; i++) {
            clock.advance(Duration.ofMillis(1));
            directory.seen(sighting("eth0", "Fake " + i, String.format("%032x", i + 1), "198.18.0.9"));
            assertTrue(directory.size() <= 3);
        }
        assertEquals(List.of("Fake 997", "Fake 998", "Fake 999"),
                directory.peers().stream().map(Peer::name).toList());
    }

    @Test
    void knownOnlyAddsWhatIsNew() {
        directory.seen(sighting("eth0", "Ann", ANN, "198.18.0.5"));
        clock.advance(Duration.ofSeconds(30));
        directory.expire();
        assertEquals(List.of(), directory.known(sighting("eth0", "Ann", ANN, "198.18.0.5")));
        assertEquals(List.of(), directory.peers());
    }

    static Sighting sighting(String via, String name, String id, String address, String... shares) {
        Map<String, String> txt = new java.util.HashMap<>(Map.of("txtvers", "1", "pv", "1", "id", id, "fp",
                "SHA256:abc", "n", Integer.toString(shares.length / 2)));
        for (int i = 0; i < shares.length; i += 2) {
            txt.put(shares[i], shares[i + 1]);
        }
        try {
            return new Sighting(via, name, name.toLowerCase().replace(' ', '-') + ".local.",
                    List.of(InetAddress.getByName(address)), 2222, txt);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
