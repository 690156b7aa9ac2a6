package dev.lanshare.service.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.server.ServerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which identification lines keep AES-CTR out of the offer (real ones, as clients send them). */
class AlgorithmsTest {
    @ParameterizedTest
    @CsvSource({"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10, true", "SSH-2.0-OpenSSH_6.2, true",
            "SSH-2.0-OpenSSH_10.0, true", "SSH-2.0-OpenSSH_6.1p1, false", "SSH-2.0-OpenSSH_5.3, false",
            "SSH-2.0-OpenSSH_for_Windows_8.1, true", "SSH-2.0-APACHE-SSHD-2.20.0, true",
            "SSH-2.0-APACHE-SSHD-2.5.1, false", "SSH-2.0-paramiko_2.12.0, false", "SSH-2.0-AsyncSSH_2.10.1, false",
            "SSH-2.0-libssh2_1.10.0, false", "SSH-2.0-PuTTY_Release_0.74, false", "SSH-2.0-JSCH_2.28.8, false",
            "SSH-2.0-Go, false"})
    void onlyClientsThatWouldPickCtrOverGcmAreKeptOnGcm(String identification, boolean gcmOnly) {
        assertEquals(gcmOnly, Algorithms.preferCtrToGcm(identification));
    }

    @Test
    void postQuantumMlKemIsOfferedFirstAndQuickSessionsPutCurve25519BeforeSntrup() {
        // ML-KEM needs the Bouncy Castle that MINA was built against (its BC classes moved): with an older one it
        // silently drops out of both lists, and every copy paid sntrup761's 330-430 ms cold instead of about 160
        assertEquals(List.of("mlkem768x25519-sha256", "sntrup761x25519-sha512@openssh.com", "sntrup761x25519-sha512",
                "curve25519-sha256"), names(Algorithms.keyExchanges(ServerBuilder.DH2KEX)).subList(0, 4));
        assertEquals(List.of("mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org",
                "sntrup761x25519-sha512@openssh.com"), names(Algorithms.quickKeyExchanges(ClientBuilder.DH2KEX))
                .subList(0, 4));
    }

    private static List<String> names(List<KeyExchangeFactory> list) {
        return list.stream().map(KeyExchangeFactory::getName).toList();
    }
}
