package dev.lanshare.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.AppDirs;
import dev.lanshare.config.PasswordHash;
import dev.lanshare.config.SettingsFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lanshare commands editing the settings file (no service running), their output and exit codes. */
class CommandsTest {
    @TempDir
    Path tmp;
    Path home;
    PrintStream oldOut;
    PrintStream oldErr;
    InputStream oldIn;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        home = tmp.resolve("home");
        oldOut = System.out;
        oldErr = System.err;
        oldIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        System.setIn(oldIn);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        return Main.run(all);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shareListAndUnshare() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("Plans"));
        assertEquals(0, run("share", plans.toString(), "--read-write", "--guests"));
        assertTrue(out().contains("Sharing " + plans.toRealPath() + " as 'Plans' (read-write"), out());
        assertEquals(0, run("shares", "--json"));
        assertTrue(out().contains("\"name\" : \"Plans\"") && out().contains("\"readOnly\" : false"), out());
        assertEquals(0, run("unshare", "Plans"));
        assertEquals(0, run("shares"));
        assertTrue(out().contains("Nothing is shared"), out());
    }

    /** Sharing a second folder under a name already shared no longer replaces the first share without a word. */
    @Test
    void aNameAlreadySharedFromAnotherFolderIsRefused_theSameFolderIsChanged() throws Exception {
        Path first = Files.createDirectories(tmp.resolve("2024/Plans"));
        Path second = Files.createDirectories(tmp.resolve("2025/Plans"));
        assertEquals(0, run("share", first.toString()));
        assertEquals(1, run("share", second.toString(), "--read-write"));
        assertEquals("lanshare: 'Plans' is already the name of " + first.toRealPath() + "; give this folder another "
                + "name with --name, or 'lanshare unshare Plans' first\n", err());
        var kept = SettingsFile.load(AppDirs.under(home).settingsFile()).share("Plans").orElseThrow();
        assertEquals(first.toRealPath(), kept.folder());
        assertEquals(0, run("share", second.toString(), "--name", "Plans 2025"));
        assertEquals(0, run("share", first.toString(), "--read-write"), "the same folder: its share is changed");
        assertFalse(SettingsFile.load(AppDirs.under(home).settingsFile()).share("Plans").orElseThrow().readOnly());
        assertEquals(1, run("share", second.toString(), "--name", "plans"), "names are the same whatever the case");
    }

    @Test
    void errorsAreOneLineWithExitCode1_andBadUsageIs2() throws Exception {
        assertEquals(1, run("unshare", "Nope"));
        assertEquals("lanshare: no share named 'Nope'; see 'lanshare shares'\n", err());
        assertEquals(1, run("share", tmp.resolve("missing").toString()));
        assertTrue(err().startsWith("lanshare: ") && err().lines().count() == 1, err());
        assertEquals(2, run("share"));
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("share", "--no-such-flag", tmp.toString()));
        assertEquals(2, run("get", "127.0.0.1:1/Plans/x", tmp.toString(), "--limit", "fast"));
        assertEquals("lanshare: --limit fast: write a number of bytes per second, like 2M or 500K\n", err());
        assertEquals(2, run("get", "127.0.0.1:1", tmp.toString()));
        assertEquals("lanshare: say which share: 127.0.0.1:1/SHARE[/PATH]\n", err());
        assertFalse(err().contains("\tat "), "no stack traces: " + err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"serve", "status", "share", "unshare", "shares", "user", "passwd"}) {
            assertEquals(0, run(cmd, "--help"), cmd);
            assertTrue(out().startsWith("Usage: lanshare " + cmd), out());
        }
        assertEquals(0, run("user", "add", "--help"));
        out.reset();
        assertEquals(0, Main.run("help"));
        assertTrue(out().contains("  get ") && out().contains("  find "), out());
        out.reset();
        assertEquals(0, Main.run("help", "get"));
        assertTrue(out().startsWith("Usage: lanshare get"), out());
    }

    @Test
    void usersWithPasswordsAndKeys() throws Exception {
        System.setIn(new ByteArrayInputStream("s3cret pass\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, run("user", "add", "ben", "--password-stdin"));
        Path key = tmp.resolve("carl.pub");
        Files.writeString(key, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGVmVGhpc0lzTm90QVJlYWxLZXlCdXRMb29rc0xpa2Ux carl\n");
        assertEquals(0, run("user", "add", "carl", "--key", key.toString()));
        assertEquals(1, run("user", "add", "ben", "--password-stdin"));
        assertTrue(err().contains("exists"), err());
        assertEquals(1, run("user", "add", "Bad Name", "--password-stdin"));
        assertEquals(0, run("user", "list", "--json"));
        assertTrue(out().contains("\"name\" : \"carl\"") && out().contains("\"keys\" : 1"), out());

        var settings = SettingsFile.load(AppDirs.under(home).settingsFile());
        String hash = settings.account("ben").orElseThrow().passwordHash().orElseThrow();
        assertTrue(PasswordHash.verify("s3cret pass".toCharArray(), hash));
        assertFalse(Files.readString(AppDirs.under(home).settingsFile()).contains("s3cret"));

        System.setIn(new ByteArrayInputStream("new pass\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, run("passwd", "ben", "--password-stdin"));
        hash = SettingsFile.load(AppDirs.under(home).settingsFile()).account("ben").orElseThrow()
                .passwordHash().orElseThrow();
        assertTrue(PasswordHash.verify("new pass".toCharArray(), hash));

        keysAddedAndRemoved();

        Path plans = Files.createDirectories(tmp.resolve("Plans"));
        assertEquals(1, run("share", plans.toString(), "--account", "ben:write,carl"));
        assertEquals("lanshare: --account ben:write: the share would be read-only, so ben could not write; add "
                + "--read-write (or grant ben read)\n", err());
        assertTrue(SettingsFile.load(AppDirs.under(home).settingsFile()).share("Plans").isEmpty(), "nothing shared");
        assertEquals(0, run("share", plans.toString(), "--read-write", "--account", "ben:write,carl"));
        var granted = SettingsFile.load(AppDirs.under(home).settingsFile()).share("Plans").orElseThrow();
        assertEquals(java.util.Map.of("ben", dev.lanshare.config.Access.WRITE, "carl",
                dev.lanshare.config.Access.READ), granted.access());
        assertEquals(0, run("user", "remove", "ben"));
        var share = SettingsFile.load(AppDirs.under(home).settingsFile()).share("Plans").orElseThrow();
        assertEquals(java.util.Set.of("carl"), share.access().keySet(), "ben's grants went with the account");
    }

    /** {@code user add-key} and {@code remove-key} on ben (who has a password); keys checked as logins read them. */
    private void keysAddedAndRemoved() throws Exception {
        java.security.KeyPair pair = org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair(
                org.apache.sshd.common.keyprovider.KeyPairProvider.SSH_ED25519, 256);
        Path pub = Files.writeString(tmp.resolve("ben.pub"),
                org.apache.sshd.common.config.keys.PublicKeyEntry.toString(pair.getPublic()) + " ben@laptop\n");
        assertEquals(0, run("user", "add-key", "ben", pub.toString()));
        assertEquals(1, run("user", "add-key", "ben", pub.toString()));
        assertTrue(err().contains("has that key already"), err());
        Path junk = Files.writeString(tmp.resolve("junk.pub"), "ssh-ed25519 bm90IGEga2V5 x\n");
        assertEquals(1, run("user", "add-key", "ben", junk.toString()));
        assertTrue(err().startsWith("lanshare: " + junk), err());
        assertEquals(0, run("user", "list"));
        java.util.regex.Matcher fp = java.util.regex.Pattern.compile("key (SHA256:\\S+) \\(ssh-ed25519, ben@laptop\\)")
                .matcher(out());
        assertTrue(fp.find(), out());
        assertEquals(0, run("user", "remove-key", "ben", fp.group(1)));
        assertTrue(SettingsFile.load(AppDirs.under(home).settingsFile()).account("ben").orElseThrow().keys().isEmpty());
        assertEquals(1, run("user", "remove-key", "ben", fp.group(1)));
        // the SSH2 block PuTTYgen writes (here ssh-keygen -e's), saved by Notepad: byte-order mark and CRLF
        Process export = new ProcessBuilder(dev.lanshare.service.Tools.require("ssh-keygen", "openssh-client"), "-e",
                "-f", pub.toString()).redirectErrorStream(true).start();
        String block = new String(export.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, export.waitFor(), block);
        Path putty = Files.writeString(tmp.resolve("putty.pub"), "\uFEFF" + block.replace("\n", "\r\n"));
        assertEquals(0, run("user", "add-key", "ben", putty.toString()), err());
        assertEquals(java.util.List.of(org.apache.sshd.common.config.keys.PublicKeyEntry.toString(pair.getPublic())), SettingsFile.load(AppDirs.under(home)
                .settingsFile()).account("ben").orElseThrow().keys().stream().map(k -> k.split(" ")[0] + " "
                + k.split(" ")[1]).toList());
    }

    /** With no service running, status reads the kept first password, and passwd (editing the file) ends it. */
    @Test
    void firstPasswordInStatusUntilPasswdWhileNotRunning() throws Exception {
        AppDirs dirs = AppDirs.under(home);
        var d = dev.lanshare.service.FirstRun.defaults("Ann", Files.createDirectories(tmp.resolve("user")));
        SettingsFile.save(dirs.settingsFile(), d.settings());
        dev.lanshare.service.FirstRun.keep(dirs, d);
        assertEquals(0, run("status"));
        assertTrue(out().contains("Account 'ann', password: " + d.password()
                + " (change it with: lanshare passwd ann)"), out());
        assertEquals(0, run("status", "--json"));
        assertTrue(out().contains("\"password\" : \"" + d.password() + "\""), out());
        System.setIn(new ByteArrayInputStream("mine now\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, run("passwd", "ann", "--password-stdin"));
        assertEquals(0, run("status"));
        assertFalse(out().contains("password:"), out());
        assertFalse(Files.exists(dirs.state().resolve("first-run.json")), "forgotten once changed");
    }

    @Test
    void statusWhenNotRunning() {
        assertEquals(0, run("status"));
        assertTrue(out().startsWith("lanshare is not running."), out());
        assertEquals(0, run("status", "--json"));
        assertTrue(out().contains("\"running\" : false"), out());
    }

    @Test
    void namesThePlatformsOwnChannelProviderRatherThanSearchingTheClassPath() throws Exception {
        Main.nameSelectorProvider(); // as Main's start does
        String named = System.getProperty(Main.SELECTOR_PROVIDER);
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("linux") || os.startsWith("mac") || os.startsWith("windows")) {
            // the same provider the JDK's own search ends with: naming it changes nothing but the search
            assertEquals(java.nio.channels.spi.SelectorProvider.provider().getClass().getName(), named);
            try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open()) {
                assertFalse(c.isConnected());
            }
        }
    }
}
