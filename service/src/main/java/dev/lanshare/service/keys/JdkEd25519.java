package dev.lanshare.service.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.PrivateKeyEntryDecoder;
import org.apache.sshd.common.config.keys.PublicKeyEntryDecoder;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.security.AbstractSecurityProviderRegistrar;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSAUtils;
import org.apache.sshd.common.util.security.eddsa.generic.GenericEd25519PublicKeyDecoder;
import org.apache.sshd.common.util.security.eddsa.generic.GenericOpenSSHEd25519PrivateKeyEntryDecoder;
import org.apache.sshd.common.util.security.eddsa.generic.GenericSignatureEd25519;

/**
 * ed25519 keys and signatures from the JDK's own provider (SunEC, Java 15 and later) for MINA SSHD, which in 2.20
 * knows ed25519 only through Bouncy Castle's JCA provider or net.i2p. Creating Bouncy Castle's provider loads some
 * 800 classes from a signed jar that class-data sharing cannot archive: about 1.3 s of every start on a 2-core
 * machine. Bouncy Castle stays on the class path for the post-quantum key exchanges (sntrup761, ML-KEM), which
 * MINA runs on its lightweight classes without the provider.
 */
public final class JdkEd25519 implements EdDSASupport<EdECPublicKey, EdECPrivateKey> {
    private static final String ALGORITHM = "Ed25519";
    private static boolean installed;

    /**
     * Makes MINA use the JDK for ed25519 and leaves Bouncy Castle's JCA provider unregistered. Must run before
     * MINA's first use of its security utilities (they register providers once); later calls do nothing.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        if (!SecurityUtils.isRegistrationCompleted()) {
            SecurityUtils.setAPrioriDisabledProvider(SecurityUtils.BOUNCY_CASTLE, true);
        }
        SecurityUtils.registerSecurityProvider(new Registrar());
    }

    // MINA's decoders find the key factory as "EdDSA" through the Registrar below (SunEC has one by that name); the
    // key pair generator is the one thing that needs this class's: MINA asks for 256 bits, which SunEC refuses.
    @Override
    public PublicKeyEntryDecoder<EdECPublicKey, EdECPrivateKey> getEDDSAPublicKeyEntryDecoder() {
        return new GenericEd25519PublicKeyDecoder<>(EdECPublicKey.class, EdECPrivateKey.class, this) {
            @Override
            public KeyPairGenerator getKeyPairGenerator() throws GeneralSecurityException {
                return generator();
            }
        };
    }

    @Override
    public PrivateKeyEntryDecoder<EdECPublicKey, EdECPrivateKey> getOpenSSHEDDSAPrivateKeyEntryDecoder() {
        return new GenericOpenSSHEd25519PrivateKeyEntryDecoder<>(EdECPublicKey.class, EdECPrivateKey.class, this);
    }

    @Override
    public org.apache.sshd.common.signature.Signature getEDDSASigner() {
        return new GenericSignatureEd25519(ALGORITHM);
    }

    @Override
    public int getEDDSAKeySize(Key key) {
        return key instanceof EdECKey k && ALGORITHM.equalsIgnoreCase(k.getParams().getName()) ? KEY_SIZE : -1;
    }

    @Override
    public Class<EdECPublicKey> getEDDSAPublicKeyType() {
        return EdECPublicKey.class;
    }

    @Override
    public Class<EdECPrivateKey> getEDDSAPrivateKeyType() {
        return EdECPrivateKey.class;
    }

    @Override
    public boolean compareEDDSAPPublicKeys(PublicKey k1, PublicKey k2) {
        return k1 instanceof EdECPublicKey && k2 instanceof EdECPublicKey
                && Arrays.equals(k1.getEncoded(), k2.getEncoded());
    }

    @Override
    public boolean compareEDDSAPrivateKeys(PrivateKey k1, PrivateKey k2) {
        return k1 instanceof EdECPrivateKey && k2 instanceof EdECPrivateKey
                && Arrays.equals(k1.getEncoded(), k2.getEncoded());
    }

    /** The JDK has no call for it: its generator makes the same key pair again when its random bytes are the seed. */
    @Override
    public EdECPublicKey recoverEDDSAPublicKey(PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof EdECPrivateKey k)) {
            throw new InvalidKeyException("Private key is not EdDSA");
        }
        byte[] seed = k.getBytes().orElseThrow(() -> new InvalidKeyException("no ed25519 seed in the key"));
        KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
        g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
        KeyPair pair = g.generateKeyPair();
        if (!Arrays.equals(pair.getPrivate().getEncoded(), key.getEncoded())) {
            throw new InvalidKeyException("cannot recover the public half of this ed25519 key");
        }
        return (EdECPublicKey) pair.getPublic();
    }

    @Override
    public EdECPublicKey generateEDDSAPublicKey(byte[] keyData) throws GeneralSecurityException {
        return (EdECPublicKey) factory().generatePublic(EdDSAUtils.createPublicKeySpec(keyData));
    }

    @Override
    public EdECPrivateKey generateEDDSAPrivateKey(byte[] keyData) throws GeneralSecurityException, IOException {
        return (EdECPrivateKey) factory().generatePrivate(EdDSAUtils.createPrivateKeySpec(keyData));
    }

    @Override
    public <B extends Buffer> B putRawEDDSAPublicKey(B buffer, PublicKey key) {
        buffer.putBytes(getPublicKeyData(cast(key)));
        return buffer;
    }

    @Override
    public <B extends Buffer> B putEDDSAKeyPair(B buffer, PublicKey pubKey, PrivateKey prvKey) {
        throw new UnsupportedOperationException("Full SSHD-440 implementation N/A"); // as MINA's own supports
    }

    @Override
    public KeySpec createPublicKeySpec(EdECPublicKey publicKey) {
        return new X509EncodedKeySpec(publicKey.getEncoded());
    }

    @Override
    public KeySpec createPrivateKeySpec(EdECPrivateKey privateKey) {
        return new PKCS8EncodedKeySpec(privateKey.getEncoded());
    }

    @Override
    public byte[] getPublicKeyData(EdECPublicKey publicKey) {
        try {
            return publicKey == null ? null : EdDSAUtils.getBytes(publicKey);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public byte[] getPrivateKeyData(EdECPrivateKey privateKey) throws IOException {
        try {
            return EdDSAUtils.getBytes(privateKey);
        } catch (InvalidKeyException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String getKeyFactoryAlgorithm() {
        return ALGORITHM;
    }

    private static EdECPublicKey cast(PublicKey key) {
        if (key instanceof EdECPublicKey k) {
            return k;
        }
        throw new IllegalArgumentException("Not an EDDSA public key: " + key);
    }

    /** MINA asks for 256-bit keys; the JDK calls ed25519 keys 255 bits and refuses 256. */
    private static KeyFactory factory() throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM);
    }

    private static KeyPairGenerator generator() throws GeneralSecurityException {
        KeyPairGenerator jdk = KeyPairGenerator.getInstance(ALGORITHM);
        return new KeyPairGenerator(ALGORITHM) {
            @Override
            public void initialize(int keysize, SecureRandom random) {
                jdk.initialize(keysize == KEY_SIZE ? 255 : keysize, random == null ? new SecureRandom() : random);
            }

            @Override
            public void initialize(AlgorithmParameterSpec params, SecureRandom random)
                    throws java.security.InvalidAlgorithmParameterException {
                jdk.initialize(params, random);
            }

            @Override
            public KeyPair generateKeyPair() {
                return jdk.generateKeyPair();
            }
        };
    }

    /** Hands out {@code seed} as its random bytes, once. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("expected a request for " + seed.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }

    /** Offers {@link JdkEd25519} to MINA; signatures, keys and key generation for ed25519 come from SunEC. */
    private static final class Registrar extends AbstractSecurityProviderRegistrar {
        private static final Set<String> NAMES = Set.of("ed25519", "eddsa");

        Registrar() {
            super("SunEC");
        }

        @Override
        public boolean isEnabled() {
            return true;
        }

        @Override
        public boolean isSupported() {
            return Security.getProvider("SunEC") != null;
        }

        @Override
        public Provider getSecurityProvider() {
            return Security.getProvider("SunEC");
        }

        @Override
        public boolean isSecurityEntitySupported(Class<?> entityType, String name) {
            boolean kind = Signature.class.isAssignableFrom(entityType) || KeyFactory.class.isAssignableFrom(entityType)
                    || KeyPairGenerator.class.isAssignableFrom(entityType);
            return kind && name != null && NAMES.contains(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public Optional<EdDSASupport<?, ?>> getEdDSASupport() {
            return Optional.of(new JdkEd25519());
        }
    }
}
