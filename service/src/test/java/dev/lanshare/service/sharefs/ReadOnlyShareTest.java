package dev.lanshare.service.sharefs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.CopyDataExtension;
import org.apache.sshd.sftp.client.extensions.CopyFileExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way SFTP can change a folder, tried on a read-only share by an account that may write in another share
 * (a read-only share grants nobody write; see SettingsValidator): each is refused with permission-denied and a reason, and the folder is byte-for-byte unchanged.
 */
class ReadOnlyShareTest {
    @TempDir
    Path tmp;
    TestHome home;
    Path archive;
    Path work;
    SftpClient ann;
    List<String> before;

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        archive = home.folder("Archive");
        work = home.folder("Work");
        Files.writeString(archive.resolve("plan.dwg"), "original");
        Files.createDirectories(archive.resolve("old"));
        Files.writeString(archive.resolve("old/v1.dwg"), "v1");
        Files.writeString(work.resolve("draft.dwg"), "draft");
        home.account("ann").share("Archive", archive, true, "ann:read").share("Work", work, false, "ann:write");
        home.start();
        ann = home.login("ann");
        before = TestHome.snapshot(archive);
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
    }

    interface Change {
        void run() throws Exception;
    }

    private void refused(Change change) throws Exception {
        SftpException e = assertThrows(SftpException.class, change::run);
        assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, e.getStatus(), e.toString());
        assertTrue(e.getMessage().contains("read-only") || e.getMessage().contains("not allowed"), e.getMessage());
        assertEquals(before, TestHome.snapshot(archive));
    }

    @Test
    void openingForWriteIsRefused() throws Exception {
        refused(() -> ann.open("/Archive/new.dwg", EnumSet.of(OpenMode.Write, OpenMode.Create)));
        refused(() -> ann.open("/Archive/plan.dwg", EnumSet.of(OpenMode.Write)));
        refused(() -> ann.open("/Archive/plan.dwg", EnumSet.of(OpenMode.Append, OpenMode.Write)));
        refused(() -> ann.open("/Archive/plan.dwg", EnumSet.of(OpenMode.Write, OpenMode.Truncate)));
        refused(() -> ann.open("/Archive/x.dwg", EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Exclusive)));
    }

    @Test
    void treeChangesAreRefused() throws Exception {
        refused(() -> ann.mkdir("/Archive/new"));
        refused(() -> ann.rmdir("/Archive/old"));
        refused(() -> ann.remove("/Archive/plan.dwg"));
        refused(() -> ann.remove("/Archive/old/v1.dwg"));
        refused(() -> ann.rename("/Archive/plan.dwg", "/Archive/renamed.dwg"));
        refused(() -> ann.rename("/Archive/plan.dwg", "/Work/moved-out.dwg"));
        refused(() -> ann.rename("/Work/draft.dwg", "/Archive/moved-in.dwg"));
        assertTrue(Files.exists(work.resolve("draft.dwg")));
        assertTrue(Files.notExists(work.resolve("moved-out.dwg")));
    }

    @Test
    void attributeChangesAreRefused() throws Exception {
        refused(() -> ann.setStat("/Archive/plan.dwg", new SftpClient.Attributes().perms(0777)));
        refused(() -> ann.setStat("/Archive/plan.dwg",
                new SftpClient.Attributes().modifyTime(FileTime.from(1, TimeUnit.DAYS))));
        refused(() -> ann.setStat("/Archive/old", new SftpClient.Attributes().perms(0700)));
        refused(() -> ann.setStat("/Archive", new SftpClient.Attributes().perms(0700)));
        refused(() -> ann.setStat("/Archive/plan.dwg", new SftpClient.Attributes().owner(1234, 1234)));
        refused(() -> ann.setStat("/Archive/plan.dwg", new SftpClient.Attributes().size(0)));
    }

    @Test
    void linksAreRefused() throws Exception {
        refused(() -> ann.symLink("/Archive/link.dwg", "/Archive/plan.dwg"));
        refused(() -> ann.link("/Archive/plan.dwg", "/Archive/hard.dwg", false));
        // a hard link from a writable share to a read-only file would make the file writable
        refused(() -> ann.link("/Archive/plan.dwg", "/Work/hard.dwg", false));
        assertTrue(Files.notExists(work.resolve("hard.dwg")));
    }

    @Test
    void copyFileExtensionIsRefused() throws Exception {
        CopyFileExtension copy = ann.getExtension(CopyFileExtension.class);
        assertTrue(copy.isSupported(), "the server offers copy-file");
        refused(() -> copy.copyFile("/Archive/plan.dwg", "/Archive/copy.dwg", false));
        refused(() -> copy.copyFile("/Archive/plan.dwg", "/Archive/old/v1.dwg", true));
        refused(() -> copy.copyFile("/Work/draft.dwg", "/Archive/copy.dwg", false));
        // copying out of a read-only share is reading: allowed
        copy.copyFile("/Archive/plan.dwg", "/Work/copy.dwg", false);
        assertEquals("original", Files.readString(work.resolve("copy.dwg")));
    }

    @Test
    void copyDataExtensionCannotWriteThroughAHandleThatWasRevoked() throws Exception {
        CopyDataExtension copy = ann.getExtension(CopyDataExtension.class);
        assertTrue(copy.isSupported(), "the server offers copy-data");
        try (SftpClient.CloseableHandle target = ann.open("/Work/target.dwg",
                EnumSet.of(OpenMode.Write, OpenMode.Create));
             SftpClient.CloseableHandle source = ann.open("/Archive/plan.dwg", EnumSet.of(OpenMode.Read))) {
            List<String> workBefore = TestHome.snapshot(work);
            home.change(s -> s.withShare(s.share("Work").orElseThrow().withReadOnly(true)));
            assertThrows(SftpException.class, () -> copy.copyData(source, 0, 0, target, 0));
            assertEquals(workBefore, TestHome.snapshot(work));
        }
        refused(() -> {
            try (SftpClient.CloseableHandle source = ann.open("/Archive/plan.dwg", EnumSet.of(OpenMode.Read));
                 SftpClient.CloseableHandle target = ann.open("/Archive/plan2.dwg",
                         EnumSet.of(OpenMode.Write, OpenMode.Create))) {
                copy.copyData(source, 0, 0, target, 0);
            }
        });
    }

    @Test
    void readingStillWorks() throws Exception {
        try (var in = ann.read("/Archive/old/v1.dwg")) {
            assertEquals("v1", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(before, TestHome.snapshot(archive));
    }
}
