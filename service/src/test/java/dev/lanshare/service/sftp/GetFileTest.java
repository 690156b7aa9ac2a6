package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import dev.lanshare.service.peer.GetFile;
import dev.lanshare.service.peer.GetFileExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * get-file@lanshare.dev against a real server with MINA's client: a small file whole in one answer, a larger one
 * left to the usual reads; every refusal of the separate requests applies.
 */
class GetFileTest {
    @TempDir
    Path tmp;
    TestHome home;
    SftpClient ann;
    GetFileExtension get;
    Path plans;
    Path archive;

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        plans = home.folder("Plans");
        archive = home.folder("Archive");
        Path bens = home.folder("Bens");
        Files.writeString(archive.resolve("old.dwg"), "archived");
        Files.writeString(bens.resolve("salary.txt"), "not for ann");
        Files.writeString(tmp.resolve("secret.txt"), "outside every share");
        Files.createSymbolicLink(plans.resolve("out"), tmp);
        home.account("ann").account("ben").share("Plans", plans, false, "ann:write")
                .share("Archive", archive, true, "ann:read").share("Bens", bens, false, "ben:read");
        home.start();
        ann = home.login("ann");
        get = new GetFileExtension(ann);
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
    }

    @Test
    void offeredInTheVersionReply() {
        assertTrue(get.isSupported(), ann.getServerExtensions().keySet().toString());
    }

    @Test
    void aSmallFileComesWholeAndIsLoggedAsARead() throws Exception {
        byte[] data = new byte[GetFile.MAX_DATA];
        new Random(7).nextBytes(data);
        Files.createDirectories(plans.resolve("site"));
        Files.write(plans.resolve("site/a.dwg"), data);
        assertArrayEquals(data, get.get("/Plans/site/a.dwg", data.length));
        Files.write(plans.resolve("empty.txt"), new byte[0]);
        assertArrayEquals(new byte[0], get.get("/Plans/empty.txt", 0));
        assertEquals("archived", new String(get.get("/Archive/old.dwg", 100), StandardCharsets.UTF_8),
                "a read-only share is read as any other");
        String log = Files.readString(home.dirs().activityLog());
        assertTrue(log.contains("read account=ann path=/Plans/site/a.dwg bytes=" + data.length), log);
    }

    @Test
    void aFileLargerThanAskedIsLeftToTheUsualReads() throws Exception {
        Files.write(plans.resolve("grown.dwg"), new byte[1000]);
        assertNull(get.get("/Plans/grown.dwg", 999));
        assertEquals(1000, get.get("/Plans/grown.dwg", 1000).length);
        assertEquals(1000, get.get("/Plans/grown.dwg", 5000).length);
    }

    @Test
    void neverOutsideASharesOrAnotherAccounts() throws Exception {
        SftpException link = assertThrows(SftpException.class, () -> get.get("/Plans/out/secret.txt", 100));
        assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, link.getStatus(), link.getMessage());
        assertThrows(SftpException.class, () -> get.get("/Plans/../../secret.txt", 100));
        assertThrows(SftpException.class, () -> get.get("/Plans/../secret.txt", 100));
        SftpException other = assertThrows(SftpException.class, () -> get.get("/Bens/salary.txt", 100));
        assertEquals(SftpConstants.SSH_FX_NO_SUCH_FILE, other.getStatus(), other.getMessage());
        SftpException missing = assertThrows(SftpException.class, () -> get.get("/Plans/none.dwg", 100));
        assertEquals(SftpConstants.SSH_FX_NO_SUCH_FILE, missing.getStatus(), missing.getMessage());
        Files.createDirectories(plans.resolve("site"));
        assertThrows(SftpException.class, () -> get.get("/Plans/site", 100), "a folder is no file");
        assertThrows(SftpException.class, () -> get.get("/", 100));
    }

    @Test
    void malformedRequestsGetAnErrorAndTheSessionGoesOn() throws Exception {
        RawExtension raw = new RawExtension(GetFile.NAME, ann);
        // more than one answer carries
        Buffer big = raw.buffer(64);
        big.putString("/Plans/a.txt");
        big.putUInt(GetFile.MAX_DATA + 1L);
        assertThrows(SftpException.class, () -> raw.send(big));
        Buffer huge = raw.buffer(64);
        huge.putString("/Plans/a.txt");
        huge.putUInt(0xFFFF_FFFFL);
        assertThrows(SftpException.class, () -> raw.send(huge));
        // cut short before the length
        Buffer cut = raw.buffer(64);
        cut.putString("/Plans/a.txt");
        assertThrows(SftpException.class, () -> raw.send(cut));
        Files.writeString(plans.resolve("after.txt"), "still here");
        assertEquals("still here", new String(get.get("/Plans/after.txt", 100), StandardCharsets.UTF_8));
    }
}
