package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatExtensionInfo;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatHandleExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatPathExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** statvfs@openssh.com and fstatvfs@openssh.com: the share's disk, read-only where it may not change, nothing more. */
class StatVfsTest {
    private static final long RDONLY = OpenSSHStatExtensionInfo.SSH_FXE_STATVFS_ST_RDONLY;

    @TempDir
    Path tmp;
    TestHome home;
    SftpClient ann;
    Path plans;

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        plans = home.folder("Plans");
        Path archive = home.folder("Archive");
        Path drafts = home.folder("Drafts");
        Files.writeString(archive.resolve("old.dwg"), "archived");
        Files.createSymbolicLink(plans.resolve("out"), tmp.getRoot());
        home.account("ann").share("Plans", plans, false, "ann:write").share("Archive", archive, true, "ann:read")
                .share("Drafts", drafts, false, "ann:read");
        home.start();
        ann = home.login("ann");
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
    }

    @Test
    void aWritableShareReportsItsDisk() throws Exception {
        OpenSSHStatExtensionInfo info = ann.getExtension(OpenSSHStatPathExtension.class).stat("/Plans");
        FileStore store = Files.getFileStore(plans);
        assertEquals(store.getBlockSize(), info.f_frsize);
        assertEquals(store.getTotalSpace() / store.getBlockSize(), info.f_blocks);
        assertTrue(Math.abs(store.getUsableSpace() / store.getBlockSize() - info.f_bavail) < 25_000, info.toString());
        assertEquals(0, info.f_flag & RDONLY, info.toString());
        assertEquals(0, info.f_fsid, "nothing about the host beyond the figures");
    }

    @Test
    void aShareThisAccountMayNotChangeReportsReadOnly() throws Exception {
        var stat = ann.getExtension(OpenSSHStatPathExtension.class);
        assertEquals(RDONLY, stat.stat("/Archive").f_flag & RDONLY, "a read-only share");
        assertEquals(RDONLY, stat.stat("/Drafts").f_flag & RDONLY, "a share this account may only read");
        try (SftpClient.CloseableHandle h = ann.open("/Archive/old.dwg", EnumSet.of(OpenMode.Read))) {
            OpenSSHStatExtensionInfo byHandle = ann.getExtension(OpenSSHStatHandleExtension.class).stat(h);
            assertEquals(RDONLY, byHandle.f_flag & RDONLY);
            assertTrue(byHandle.f_blocks > 0, byHandle.toString());
        }
    }

    @Test
    void theTopLevelHoldsNothingAndIsReadOnly() throws Exception {
        OpenSSHStatExtensionInfo top = ann.getExtension(OpenSSHStatPathExtension.class).stat("/");
        assertEquals(RDONLY, top.f_flag & RDONLY);
        assertEquals(0, top.f_blocks + top.f_bfree + top.f_bavail, top.toString());
    }

    @Test
    void neverOutsideAShare() throws Exception {
        var stat = ann.getExtension(OpenSSHStatPathExtension.class);
        SftpException link = assertThrows(SftpException.class, () -> stat.stat("/Plans/out"));
        assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, link.getStatus(), link.getMessage());
        SftpException dots = assertThrows(SftpException.class, () -> stat.stat("/Plans/../../etc"));
        assertTrue(dots.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
                || dots.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED, dots.getMessage());
        assertThrows(SftpException.class, () -> stat.stat("/Nope"));
    }
}
