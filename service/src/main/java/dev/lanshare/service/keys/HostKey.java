package dev.lanshare.service.keys;

import dev.lanshare.config.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.config.keys.loader.openssh.OpenSSHKeyPairResourceParser;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.io.resource.PathResource;

/**
 * This machine's SSH identity: an ed25519 key made on first start, kept owner-only in OpenSSH's own format (so
 * {@code ssh-keygen -l -f host_key} shows the same fingerprint), and reused forever after so that clients that
 * remember it never see a changed-key warning.
 */
public final class HostKey {
    static {
        JdkEd25519.install();
    }

    private final KeyPair keyPair;

    private HostKey(KeyPair keyPair) {
        this.keyPair = keyPair;
    }

    /** Loads the key at {@code file}, making it first when there is none. */
    public static HostKey loadOrCreate(Path file) throws IOException {
        try {
            if (!Files.exists(file)) {
                KeyPair created = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(created, "lanshare host key", null, out);
                AtomicFiles.write(file, out.toByteArray());
            }
            AtomicFiles.restrict(file);
            return new HostKey(read(file));
        } catch (GeneralSecurityException e) {
            throw new IOException("the host key " + file + " cannot be used: " + e.getMessage()
                    + "; move it away to make a new one (clients will then warn that the key changed)", e);
        }
    }

    private static KeyPair read(Path file) throws IOException, GeneralSecurityException {
        PathResource resource = new PathResource(file);
        try (InputStream in = Files.newInputStream(file)) {
            Iterator<KeyPair> keys = OpenSSHKeyPairResourceParser.INSTANCE
                    .loadKeyPairs(null, resource, null, in).iterator();
            if (!keys.hasNext()) {
                throw new GeneralSecurityException("no key in the file");
            }
            return keys.next();
        }
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** The public half as an authorized_keys line, for a colleague to add to an account. */
    public String publicKeyLine() {
        return org.apache.sshd.common.config.keys.PublicKeyEntry.toString(keyPair.getPublic()) + " lanshare";
    }

    /** {@code SHA256:...}, as {@code ssh-keygen -l} and OpenSSH's prompts show it. */
    public String fingerprint() {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, keyPair.getPublic());
    }
}
