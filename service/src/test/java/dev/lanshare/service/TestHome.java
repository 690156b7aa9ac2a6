package dev.lanshare.service;

import dev.lanshare.config.Access;
import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.NetworkPolicy;
import dev.lanshare.config.PasswordHash;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.config.Share;
import dev.lanshare.service.keys.JdkEd25519;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * A lanshare home in a temporary folder, with settings built in code, and a real {@link Service} on a free
 * loopback port. Accounts log in with ed25519 keys (PBKDF2 on every test login would be slow); one account has a
 * password for the tests that need one.
 */
public final class TestHome implements AutoCloseable {
    static {
        // as the service does: ed25519 from the JDK, Bouncy Castle's provider never registered
        JdkEd25519.install();
    }

    public static final String PASSWORD_USER = "carl";
    public static final String PASSWORD = "correct horse battery";

    private final Path root;
    private final AppDirs dirs;
    private final Map<String, KeyPair> keys = new LinkedHashMap<>();
    private Settings settings;
    private Service service;
    private Clients clients;

    public TestHome(Path root) throws IOException {
        this.root = root;
        this.dirs = AppDirs.under(root.resolve("home"));
        this.settings = Settings.empty().withNetwork(new NetworkPolicy(List.of("loopback")));
    }

    public Path root() {
        return root;
    }

    public AppDirs dirs() {
        return dirs;
    }

    /** A new folder below the test's root (not inside the home). */
    public Path folder(String name) throws IOException {
        return Files.createDirectories(root.resolve("data").resolve(name)).toRealPath();
    }

    public TestHome account(String name) throws GeneralSecurityException {
        KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        keys.put(name, pair);
        settings = settings.withAccount(new Account(name, Optional.empty(),
                List.of(PublicKeyEntry.toString(pair.getPublic()) + " " + name + "@test")));
        return this;
    }

    /** An account whose key is an OpenSSH key file made by {@code ssh-keygen}, for the OpenSSH client. */
    public TestHome account(String name, String authorizedKeyLine) {
        settings = settings.withAccount(new Account(name, Optional.empty(), List.of(authorizedKeyLine)));
        return this;
    }

    public TestHome passwordAccount() {
        settings = settings.withAccount(new Account(PASSWORD_USER,
                Optional.of(PasswordHash.hash(PASSWORD.toCharArray())), List.of()));
        return this;
    }

    public TestHome share(String name, Path folder, boolean readOnly, String... grants) {
        Map<String, Access> access = new LinkedHashMap<>();
        for (String grant : grants) {
            String[] parts = grant.split(":");
            access.put(parts[0], parts.length > 1 ? Access.parse(parts[1]) : Access.READ);
        }
        settings = settings.withShare(new Share(name, folder, readOnly, access));
        return this;
    }

    public TestHome settings(java.util.function.UnaryOperator<Settings> change) {
        settings = change.apply(settings);
        return this;
    }

    public Settings settingsForTest() {
        return settings;
    }

    public KeyPair key(String account) {
        return keys.get(account);
    }

    /** Writes the settings and starts the service on a free loopback port. */
    public Service start() throws Exception {
        if (service != null) {
            throw new IllegalStateException("started already");
        }
        SettingsFile.save(dirs.settingsFile(), settings);
        service = Service.start(new Service.Options(dirs, InetAddress.getLoopbackAddress(), 0));
        return service;
    }

    public Service service() {
        return service;
    }

    public int port() {
        return service.port();
    }

    /**
     * Saves changed settings as the CLI would, and waits until the service applied them: its {@code
     * settings-changed} event, which comes after the sessions connected were told (their handles revoked). The new
     * settings are visible a moment before that, so waiting for them alone let a test write through a handle not
     * revoked yet.
     */
    public void change(java.util.function.UnaryOperator<Settings> change) throws Exception {
        settings = change.apply(settings);
        Settings expected = dev.lanshare.config.SettingsFile.parse(dirs.settingsFile(),
                dev.lanshare.config.SettingsFile.format(settings));
        java.util.concurrent.CountDownLatch applied = new java.util.concurrent.CountDownLatch(1);
        // applying is one change at a time, so an event seen with the expected settings in force is that change's
        try (AutoCloseable heard = service.events().subscribe(e -> {
            if (e.type().equals("settings-changed") && service.settings().equals(expected)) {
                applied.countDown();
            }
        })) {
            boolean same = service.settings().equals(expected); // nothing to apply: no event comes
            SettingsFile.save(dirs.settingsFile(), settings);
            if (!same && !applied.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the service did not apply the change within 5 s");
            }
        }
    }

    /** Every file below {@code dir} with its content, permissions and times: to show nothing changed. */
    public static List<String> snapshot(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted().toList()) {
                var attrs = Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                String content = attrs.isRegularFile() ? java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))) : "";
                out.add(dir.relativize(p) + " " + java.nio.file.attribute.PosixFilePermissions.toString(
                        attrs.permissions()) + " " + attrs.lastModifiedTime() + " " + attrs.size() + " " + content);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * Logs {@code account} in over SFTP with its key, on an SSH client this home keeps and stops when it closes (which
     * closes the sessions it made).
     */
    public synchronized org.apache.sshd.sftp.client.SftpClient login(String account) throws IOException {
        if (clients == null) {
            clients = new Clients();
        }
        return clients.withKey(port(), account, key(account));
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (clients != null) {
                clients.close();
            }
        } finally {
            if (service != null) {
                service.close();
            }
        }
    }
}
