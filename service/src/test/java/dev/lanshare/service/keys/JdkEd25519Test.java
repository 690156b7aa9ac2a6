package dev.lanshare.service.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ed25519 through the JDK: keys made, written, read back, signed and checked without Bouncy Castle's provider. */
class JdkEd25519Test {
    @TempDir
    Path tmp;

    @Test
    void theJdkServesEd25519AndBouncyCastlesProviderStaysUnregistered() throws Exception {
        JdkEd25519.install();
        assertTrue(SecurityUtils.isEDDSACurveSupported());
        assertInstanceOf(JdkEd25519.class, SecurityUtils.getEdDSASupport().orElseThrow());
        assertFalse(SecurityUtils.isBouncyCastleRegistered(), "Bouncy Castle's JCA provider takes 1.3 s to create");
        assertEquals(null, java.security.Security.getProvider("BC"));
    }

    @Test
    void aHostKeyIsMadeReadBackAndSigns() throws Exception {
        Path file = tmp.resolve("host_key");
        HostKey made = HostKey.loadOrCreate(file);
        HostKey again = HostKey.loadOrCreate(file);
        assertEquals(made.fingerprint(), again.fingerprint());
        KeyPair pair = again.keyPair();
        assertInstanceOf(EdECPublicKey.class, pair.getPublic());
        assertInstanceOf(EdECPrivateKey.class, pair.getPrivate());
        assertEquals(KeyPairProvider.SSH_ED25519, KeyUtils.getKeyType(pair.getPublic()));

        byte[] data = "signed by the host".getBytes();
        Signature signer = SecurityUtils.getEDDSASigner();
        signer.initSigner(null, pair.getPrivate());
        signer.update(null, data);
        byte[] sig = signer.sign(null);
        Signature verifier = SecurityUtils.getEDDSASigner();
        verifier.initVerifier(null, pair.getPublic());
        verifier.update(null, data);
        assertTrue(verifier.verify(null, sig));

        // the authorized_keys form parses back to the same key; the public half is recovered from the private
        String line = again.publicKeyLine();
        PublicKey parsed = PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, null, null);
        assertTrue(KeyUtils.compareKeys(pair.getPublic(), parsed));
        assertArrayEquals(pair.getPublic().getEncoded(),
                SecurityUtils.recoverEDDSAPublicKey(pair.getPrivate()).getEncoded());
        assertTrue(Files.readString(file).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
    }
}
