package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import dev.lanshare.service.peer.PutFile;
import dev.lanshare.service.peer.PutFileExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * put-file@lanshare.dev against a real server with MINA's client: the file whole, under its name, with its time;
 * every refusal of the separate requests applies, and a refused request leaves nothing behind.
 */
class PutFileTest {
    private static final FileTime TIME = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

    @TempDir
    Path tmp;
    TestHome home;
    SftpClient ann;
    PutFileExtension put;
    Path plans;
    Path archive;
    Path drafts;

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        plans = home.folder("Plans");
        archive = home.folder("Archive");
        drafts = home.folder("Drafts");
        Files.writeString(archive.resolve("old.dwg"), "archived");
        Files.createSymbolicLink(plans.resolve("out"), tmp);
        home.account("ann").share("Plans", plans, false, "ann:write").share("Archive", archive, true, "ann:read")
                .share("Drafts", drafts, false, "ann:read");
        home.start();
        ann = home.login("ann");
        put = new PutFileExtension(ann);
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
    }

    @Test
    void offeredInTheVersionReply() {
        assertTrue(put.isSupported(), ann.getServerExtensions().keySet().toString());
        assertEquals("2", new String(ann.getServerExtensions().get(PutFile.NAME), StandardCharsets.UTF_8));
        assertTrue(put.takesPermissions());
    }

    /**
     * The bits sent are the file's, whatever this server gives new files; none sent, the server's; more than 777
     * refused, leaving nothing. A small file put with lanshare took the colleague's defaults (644 for a 600 file).
     */
    @Test
    void theFileGetsThePermissionBitsSent() throws Exception {
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        put.put("/Plans/private.txt", TIME, x, 1, 0600);
        put.put("/Plans/run.sh", TIME, x, 1, 0755);
        put.put("/Plans/shared.txt", TIME, x, 1, 0664);
        assertEquals("rw-------", bits(plans.resolve("private.txt")));
        assertEquals("rwxr-xr-x", bits(plans.resolve("run.sh")));
        assertEquals("rw-rw-r--", bits(plans.resolve("shared.txt")));
        assertEquals(TIME, Files.getLastModifiedTime(plans.resolve("private.txt")));
        Files.setPosixFilePermissions(plans.resolve("run.sh"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rw-------"));
        put.put("/Plans/run.sh", TIME, x, 1); // replaced, sent without bits: a new file's
        assertEquals(bits(Files.createFile(tmp.resolve("new"))), bits(plans.resolve("run.sh")));

        RawExtension raw = new RawExtension(PutFile.NAME, ann);
        Buffer setuid = raw.buffer(64);
        setuid.putString("/Plans/setuid");
        setuid.putLong(0);
        setuid.putUInt(0);
        setuid.putBytes(x);
        setuid.putUInt(04755);
        assertThrows(SftpException.class, () -> raw.send(setuid));
        assertEquals(List.of("out", "private.txt", "run.sh", "shared.txt"), names(plans), "nothing made");
        SftpException ro = assertThrows(SftpException.class, () -> put.put("/Archive/old.dwg", TIME, x, 1, 0600));
        assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, ro.getStatus(), ro.getMessage());
        assertEquals("archived", Files.readString(archive.resolve("old.dwg")));
    }

    private static String bits(Path file) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void aFileArrivesWholeUnderItsNameWithItsTime() throws Exception {
        byte[] data = new byte[200_000];
        new java.util.Random(7).nextBytes(data);
        Files.createDirectories(plans.resolve("site"));
        put.put("/Plans/site/a.dwg", TIME, data, data.length);
        Path a = plans.resolve("site/a.dwg");
        assertArrayEquals(data, Files.readAllBytes(a));
        assertEquals(TIME, Files.getLastModifiedTime(a));
        assertEquals(List.of("a.dwg"), names(plans.resolve("site")), "no part file left");
    }

    @Test
    void itReplacesWhatWasThereAndAStalePart() throws Exception {
        Files.writeString(plans.resolve("a.dwg"), "old version, longer than the new one");
        Files.writeString(plans.resolve("a.dwg.lanshare-part"), "left by a cut copy");
        put.put("/Plans/a.dwg", TIME, "new".getBytes(StandardCharsets.UTF_8), 3);
        assertEquals("new", Files.readString(plans.resolve("a.dwg")));
        assertEquals(List.of("a.dwg", "out"), names(plans));
        put.put("/Plans/empty.txt", TIME, new byte[0], 0);
        assertEquals(0, Files.size(plans.resolve("empty.txt")));
    }

    @Test
    void aShareThatMayNotChangeRefusesAndKeepsItsFiles() throws Exception {
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        SftpException ro = assertThrows(SftpException.class, () -> put.put("/Archive/old.dwg", TIME, x, 1));
        assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, ro.getStatus(), ro.getMessage());
        assertEquals("archived", Files.readString(archive.resolve("old.dwg")));
        assertEquals(List.of("old.dwg"), names(archive));
        SftpException reader = assertThrows(SftpException.class, () -> put.put("/Drafts/new.dwg", TIME, x, 1));
        assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, reader.getStatus(), reader.getMessage());
        assertEquals(List.of(), names(drafts));
        assertThrows(SftpException.class, () -> put.put("/new.dwg", TIME, x, 1), "the top level holds no files");
    }

    @Test
    void neverOutsideAShare() throws Exception {
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        SftpException link = assertThrows(SftpException.class, () -> put.put("/Plans/out/escaped", TIME, x, 1));
        assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, link.getStatus(), link.getMessage());
        assertThrows(SftpException.class, () -> put.put("/Plans/../../escaped", TIME, x, 1));
        try (var all = Files.walk(tmp)) {
            assertFalse(all.anyMatch(p -> p.getFileName().toString().startsWith("escaped")), "nothing made");
        }
    }

    @Test
    void aFolderInTheWayIsAnErrorAndLeavesNoPart() throws Exception {
        Files.createDirectories(plans.resolve("site"));
        assertThrows(SftpException.class, () -> put.put("/Plans/site", TIME, new byte[] {1}, 1));
        assertTrue(Files.isDirectory(plans.resolve("site")));
        assertEquals(List.of("out", "site"), names(plans), "the part was removed");
    }

    @Test
    void malformedRequestsGetAnErrorAndTheSessionGoesOn() throws Exception {
        RawExtension raw = new RawExtension(PutFile.NAME, ann);
        // more data than one request takes
        Buffer big = raw.buffer(PutFile.MAX_DATA + 64);
        big.putString("/Plans/big");
        big.putLong(0);
        big.putUInt(0);
        big.putBytes(new byte[PutFile.MAX_DATA + 1]);
        assertThrows(SftpException.class, () -> raw.send(big));
        // a length that claims more than was sent
        Buffer lying = raw.buffer(64);
        lying.putString("/Plans/lying");
        lying.putLong(0);
        lying.putUInt(0);
        lying.putUInt(1_000_000);
        lying.putRawBytes(new byte[10]);
        assertThrows(SftpException.class, () -> raw.send(lying));
        // cut short before the time
        Buffer cut = raw.buffer(64);
        cut.putString("/Plans/cut");
        assertThrows(SftpException.class, () -> raw.send(cut));
        assertEquals(List.of("out"), names(plans));
        put.put("/Plans/after.txt", TIME, new byte[] {42}, 1);
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(plans.resolve("after.txt")));
    }

    @Test
    void theFoldersARequestOpensAreClosedWhenItIsAnswered() throws Exception {
        Path fds = Path.of("/proc/self/fd"); // the server runs in this JVM
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "no /proc/self/fd here");
        Path site = Files.createDirectories(plans.resolve("site/2024"));
        byte[] data = "drawing".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
            put.put("/Plans/site/2024/d" + i + ".dwg", TIME, data, data.length);
        }
        Files.createDirectories(site.resolve("taken.dwg"));
        assertThrows(SftpException.class, () -> put.put("/Plans/site/2024/taken.dwg", TIME, data, data.length));
        assertEquals(50, names(site).size() - 1, names(site).toString());
        // the service's search index lists the changed folder a moment later, through descriptors of its own that
        // it closes again; a descriptor a request left open stays
        List<Path> open = openIn(fds, plans.toRealPath());
        for (long end = System.nanoTime() + 5_000_000_000L; !open.isEmpty() && System.nanoTime() < end;) {
            Thread.sleep(100);
            open = openIn(fds, plans.toRealPath());
        }
        assertEquals(List.of(), open, "descriptors left open in the share");
    }

    /** What this process's descriptors in {@code fds} ({@code /proc/self/fd}) have open inside {@code folder}. */
    private static List<Path> openIn(Path fds, Path folder) throws java.io.IOException {
        List<Path> open = new java.util.ArrayList<>();
        try (var list = Files.newDirectoryStream(fds)) {
            for (Path fd : list) {
                try {
                    Path to = Files.readSymbolicLink(fd);
                    if (to.startsWith(folder)) {
                        open.add(to);
                    }
                } catch (java.io.IOException e) {
                    // closed meanwhile
                }
            }
        }
        return open;
    }

    private static List<String> names(Path dir) throws java.io.IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
