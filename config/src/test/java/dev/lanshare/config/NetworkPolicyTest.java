package dev.lanshare.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NetworkPolicyTest {
    private static boolean allowed(NetworkPolicy p, String address) throws Exception {
        return p.allows(InetAddress.getByName(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.1.20", "169.254.3.4", "100.64.0.1", "100.127.255.254", "fd12:3456::1", "fe80::1",
            "::ffff:192.168.1.2"})
    void theDefaultAcceptsTheOfficeNetwork(String address) throws Exception {
        assertTrue(allowed(NetworkPolicy.DEFAULT, address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2001:db8::1",
            "::ffff:8.8.8.8", "198.18.0.5", "1.1.1.1"})
    void theDefaultRefusesTheInternet(String address) throws Exception {
        assertFalse(allowed(NetworkPolicy.DEFAULT, address));
    }

    @Test
    void cidrBlocksAndNamedRangesCanBeConfigured() throws Exception {
        NetworkPolicy p = new NetworkPolicy(List.of("198.18.0.0/15", "loopback"));
        assertTrue(allowed(p, "198.18.0.7"));
        assertTrue(allowed(p, "198.19.255.255"));
        assertFalse(allowed(p, "198.20.0.1"));
        assertFalse(allowed(p, "192.168.1.1"));
        assertTrue(allowed(p, "127.0.0.1"));
        assertTrue(allowed(new NetworkPolicy(List.of("any")), "8.8.8.8"));
    }

    @Test
    void entriesThatAreNeitherAreProblems_andNeverLookedUpInDns() {
        NetworkPolicy p = new NetworkPolicy(List.of("beef/8", "example.com/24", "10.0.0.0/33", "private"));
        assertEquals(3, p.problems().size(), p.problems().toString());
    }
}
