package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words for a colleague whose host key changed: a command to paste that runs as written. */
class HostKeyCheckTest {
    @TempDir
    Path tmp;

    /**
     * The advice said "run: lanshare trust Ben's PC --reset", which a shell takes for an unclosed quote; a name that
     * means something to a shell is now quoted, and one that does not is left as it is.
     */
    @Test
    void theAdviceForAChangedKeyQuotesTheNameForAShell() throws Exception {
        TrustStore trust = new TrustStore(tmp.resolve("known_peers"));
        PeerTarget ben = new PeerTarget("Ben's PC", "198.18.0.12", 2222, "ben-id", Optional.empty(), true);
        trust.remember(ben.trustId(), PublicKeyEntry.toString(key()));
        String why = HostKeyCheck.refusal(trust, ben, key()).orElseThrow();
        assertTrue(why.endsWith("if it matches, run: lanshare trust 'Ben'\\''s PC' --reset"), why);

        PeerTarget plain = new PeerTarget("ben-laptop.local", "198.18.0.13", 2222, "plain-id", Optional.empty(), true);
        trust.remember(plain.trustId(), PublicKeyEntry.toString(key()));
        assertTrue(HostKeyCheck.refusal(trust, plain, key()).orElseThrow()
                .endsWith("run: lanshare trust ben-laptop.local --reset"));
        assertEquals("198.18.0.12:2222", HostKeyCheck.shellWord("198.18.0.12:2222"));
        assertEquals("'$(reboot)'", HostKeyCheck.shellWord("$(reboot)"));
    }

    private static PublicKey key() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        return gen.generateKeyPair().getPublic();
    }
}
