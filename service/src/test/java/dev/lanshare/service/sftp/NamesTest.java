package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.Clients;
import dev.lanshare.service.OpenSsh;
import dev.lanshare.service.TestHome;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.sftp.client.RawSftpClient;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.SftpVersionSelector;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names the host cannot take as they are (too long, paths beyond its limit, bytes that are not UTF-8) are
 * answered with the status that says so, in client paths only, and nothing is made or overwritten.
 */
class NamesTest {
    @TempDir
    Path tmp;
    TestHome home;
    Clients clients;
    Path plans;
    OpenSsh openssh;
    KeyHolder ann = new KeyHolder();
    List<String> messages = new ArrayList<>();

    /** A session's SFTP client, by the version it speaks. */
    static final class KeyHolder {
        SftpClient v3;
        SftpClient v6;
    }

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        plans = home.folder("Plans");
        openssh = OpenSsh.withNewKey(Files.createDirectories(tmp.resolve("keys")));
        home.account("ann").account("ben", openssh.publicKeyLine())
                .share("Plans", plans, false, "ann:write", "ben:write");
        home.start();
        clients = new Clients();
        ann.v3 = client(3);
        ann.v6 = client(6);
    }

    private SftpClient client(int version) throws IOException {
        ClientSession session = clients.connect(home.port(), "ann");
        session.addPublicKeyIdentity(home.key("ann"));
        session.auth().verify(java.time.Duration.ofSeconds(20));
        SftpClient c = SftpClientFactory.instance()
                .createSftpClient(session, SftpVersionSelector.fixedVersionSelector(version)).singleSessionInstance();
        assertEquals(version, c.getVersion());
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        ann.v3.close();
        ann.v6.close();
        clients.close();
        home.close();
        for (String m : messages) {
            assertFalse(m.contains(tmp.toString()), "a host path leaked: " + m);
            assertFalse(m.contains("/data/"), "a host path leaked: " + m);
        }
    }

    /** The status a v3 client and a v6 client get for {@code change}, checked against those expected. */
    private void answered(int v3Status, int v6Status, String says, Change change) {
        for (SftpClient c : List.of(ann.v3, ann.v6)) {
            SftpException e = assertThrows(SftpException.class, () -> change.on(c));
            int expected = c.getVersion() == 3 ? v3Status : v6Status;
            assertEquals(expected, e.getStatus(), "v" + c.getVersion() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(says), e.getMessage());
            messages.add(e.getMessage());
        }
    }

    interface Change {
        void on(SftpClient c) throws IOException;
    }

    private static void upload(SftpClient c, String path, String text) throws IOException {
        try (OutputStream out = c.write(path)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"y", "\u00e9"})
    void aNameOf255BytesWorksAndOf256IsRefusedAsTooLong(String unit) throws Exception {
        int per = unit.getBytes(StandardCharsets.UTF_8).length;
        String fits = unit.repeat(255 / per) + "y".repeat(255 % per);
        String over = fits + "y";
        upload(ann.v3, "/Plans/" + fits, "fits");
        ann.v6.mkdir("/Plans/d-" + fits.substring(2));
        assertEquals("fits", Files.readString(plans.resolve(fits)));
        List<String> before = TestHome.snapshot(plans);
        answered(SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_INVALID_FILENAME, "File name too long",
                c -> upload(c, "/Plans/" + over, "over"));
        answered(SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_INVALID_FILENAME, "File name too long",
                c -> c.mkdir("/Plans/" + over));
        answered(SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_INVALID_FILENAME, "File name too long",
                c -> c.stat("/Plans/" + over + "/inner"));
        answered(SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_INVALID_FILENAME, "File name too long",
                c -> c.rename("/Plans/" + fits, "/Plans/" + over));
        assertEquals(before, TestHome.snapshot(plans), "nothing made, renamed or changed");
        assertEquals(2, listed("/Plans").size(), "the file and the folder of 255 bytes list");
    }

    private List<String> listed(String dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (SftpClient.DirEntry e : ann.v3.readDir(dir)) {
            if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                names.add(e.getFilename());
            }
        }
        return names;
    }

    @Test
    void aPathBeyondTheHostsLimitIsRefusedAndNothingIsMade() throws Exception {
        String step = "d".repeat(200);
        String at = "/Plans";
        Path host = plans;
        // folders one below the other, as deep as the host takes them
        while (host.resolve(step).toString().getBytes(StandardCharsets.UTF_8).length < 4095) {
            at += "/" + step;
            host = host.resolve(step);
            ann.v3.mkdir(at);
        }
        List<String> before = TestHome.snapshot(plans);
        String deeper = at + "/" + step;
        answered(SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_INVALID_FILENAME, "Path too long",
                c -> c.mkdir(deeper));
        answered(SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_INVALID_FILENAME, "Path too long",
                c -> upload(c, deeper, "x"));
        answered(SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_INVALID_FILENAME, "Path too long",
                c -> c.symLink(deeper, "/Plans"));
        assertEquals(before, TestHome.snapshot(plans), "nothing made below the deepest folder");
        assertEquals(List.of(), listed(at), "the deepest folder lists, empty");
        try (var top = Files.list(plans)) {
            assertEquals(List.of(step), top.map(p -> p.getFileName().toString()).toList(),
                    "no passing names left at the share's top");
        }
    }

    @Test
    void namesThatAreNotUtf8AreRefusedAndNeverMerged() throws Exception {
        Files.writeString(plans.resolve("inv\uFFFD"), "a real U+FFFD, made on the host");
        for (SftpClient c : List.of(ann.v3, ann.v6)) {
            for (byte bad : new byte[] {(byte) 0xff, (byte) 0xfe}) {
                byte[] name = "/Plans/inv_".getBytes(StandardCharsets.US_ASCII);
                name[name.length - 1] = bad;
                expectRefused(c, SftpConstants.SSH_FXP_MKDIR, name);
                expectRefused(c, SftpConstants.SSH_FXP_OPEN, name);
                expectRefused(c, SftpConstants.SSH_FXP_STAT, name);
            }
        }
        // a name that is valid UTF-8 but is U+FFFD itself cannot be told from a decoded bad byte: refused too
        answered(SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_INVALID_FILENAME, "not valid UTF-8",
                c -> upload(c, "/Plans/inv\uFFFD", "overwritten"));
        assertEquals("a real U+FFFD, made on the host", Files.readString(plans.resolve("inv\uFFFD")));
        try (var list = Files.list(plans)) {
            assertEquals(1, list.count(), "nothing made");
        }
    }

    /** Sends {@code cmd} for the raw name {@code name} and expects a refusal that says why. */
    private void expectRefused(SftpClient c, int cmd, byte[] name) throws IOException {
        RawSftpClient raw = (RawSftpClient) c;
        Buffer b = new ByteArrayBuffer();
        b.putBytes(name);
        if (cmd == SftpConstants.SSH_FXP_OPEN) {
            if (c.getVersion() == 3) {
                b.putInt(SftpConstants.SSH_FXF_WRITE | SftpConstants.SSH_FXF_CREAT | SftpConstants.SSH_FXF_TRUNC);
            } else {
                b.putInt(SftpConstants.ACE4_WRITE_DATA);
                b.putInt(SftpConstants.SSH_FXF_CREATE_TRUNCATE);
            }
        }
        if (cmd != SftpConstants.SSH_FXP_STAT) {
            b.putInt(0); // no attributes
            if (c.getVersion() > 3) {
                b.putByte((byte) SftpConstants.SSH_FILEXFER_TYPE_REGULAR);
            }
        } else if (c.getVersion() > 3) {
            b.putInt(0);
        }
        Buffer answer = raw.receive(raw.send(cmd, b));
        answer.getInt(); // length
        assertEquals(SftpConstants.SSH_FXP_STATUS, answer.getUByte());
        answer.getInt(); // id
        int status = answer.getInt();
        String message = answer.getString();
        assertEquals(c.getVersion() == 3 ? SftpConstants.SSH_FX_FAILURE : SftpConstants.SSH_FX_INVALID_FILENAME,
                status, message);
        assertTrue(message.contains("not valid UTF-8"), message);
        messages.add(message);
        System.out.printf("v%d %s inv\\x%02x: status %d, \"%s\"%n", c.getVersion(),
                SftpConstants.getCommandMessageName(cmd), name[name.length - 1] & 0xff, status, message);
    }

    @Test
    void aHostNameThatIsNotUtf8IsNotListed() throws Exception {
        Files.writeString(plans.resolve("ok.txt"), "ok");
        Process touch = new ProcessBuilder("sh", "-c", "printf bad > \"$(printf 'inv\\377')\"")
                .directory(plans.toFile()).start();
        assertEquals(0, touch.waitFor());
        try (var list = Files.list(plans)) {
            assertEquals(2, list.count(), "the host has both names");
        }
        assertEquals(List.of("ok.txt"), listed("/Plans"), "only the name that stands for one file");
    }

    @Test
    void theOpenSshClientShowsTheRefusals() throws Exception {
        String over = "y".repeat(256);
        OpenSsh.Result r = openssh.sftp(home.port(), "ben", "-mkdir /Plans/" + over + "\n-put /etc/hostname /Plans/"
                + over + "\n-mkdir /Plans/ok\n");
        messages.add(r.all());
        System.out.println("OpenSSH sftp on a 256-byte name:\n" + r.all().trim());
        assertFalse(r.all().contains("Permission denied"), r.all());
        assertTrue(r.all().contains("Failure"), r.all());
        try (var list = Files.list(plans)) {
            assertEquals(List.of("ok"), list.map(p -> p.getFileName().toString()).toList());
        }
    }
}
