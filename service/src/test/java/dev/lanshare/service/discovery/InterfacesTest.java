package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class InterfacesTest {
    @Test
    void containerBridgesTunnelsAndVmNetworksAreNotTheOffice() {
        for (String name : new String[] {"docker0", "br-1a2b3c", "veth12ab", "virbr0", "vboxnet0", "tun0", "tap1",
                "wg0", "tailscale0", "zt3jnx"}) {
            assertTrue(Interfaces.looksVirtual(name), name);
        }
        for (String name : new String[] {"eth0", "enp3s0", "wlp2s0", "wlan0", "en0", "br0"}) {
            assertFalse(Interfaces.looksVirtual(name), name);
        }
    }

    @Test
    void subnetsCompareOnlyThePrefix() throws Exception {
        Interfaces.Choice v4 = new Interfaces.Choice("eth0", InetAddress.getByName("192.168.1.20"), 23);
        assertTrue(v4.contains(InetAddress.getByName("192.168.0.7")));
        assertFalse(v4.contains(InetAddress.getByName("192.168.2.7")));
        assertFalse(v4.contains(InetAddress.getByName("fd00::1")));
        Interfaces.Choice v6 = new Interfaces.Choice("eth0", InetAddress.getByName("fd12:3456::1"), 64);
        assertTrue(v6.contains(InetAddress.getByName("fd12:3456::abcd")));
        assertFalse(v6.contains(InetAddress.getByName("fd12:3457::1")));
    }

    @Test
    void aServerBoundToOneAddressIsAnnouncedThereOnly() throws Exception {
        java.util.Set<String> any = java.util.Set.of();
        assertTrue(Interfaces.choose(any, InetAddress.getLoopbackAddress()).isEmpty(), "loopback: not on the network");
        java.util.List<Interfaces.Choice> all = Interfaces.choose(any, null);
        for (Interfaces.Choice c : all) {
            assertTrue(Interfaces.choose(any, c.address()).stream().allMatch(o -> o.via().equals(c.via())), c.toString());
            assertFalse(Interfaces.choose(any, c.address()).isEmpty(), c.toString());
        }
        assertTrue(Interfaces.choose(any, InetAddress.getByName("198.18.255.254")).isEmpty(), "an address not here");
    }
}
