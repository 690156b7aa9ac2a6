package dev.lanshare.service.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway mounted with davfs2, the Linux kernel's way to WebDAV (as Finder and Explorer mount it): a folder
 * copied in and out, renamed, moved, deleted, and big files read back byte for byte, over a real colleague. The
 * file over 4 GiB (past every 32-bit length) is copied only when asked: {@code -Dlanshare.davfs.huge=true}, as it
 * takes minutes and 12 GB of disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DavfsTest {
    @TempDir
    static Path tmp;
    Office office;
    Path mount;
    Path annPlans;

    @BeforeAll
    void start() throws Exception {
        Tools.requireRoot("mounting with davfs2");
        String davfs = Tools.require("mount.davfs");
        office = new Office(tmp);
        annPlans = office.plans;
        mount = Files.createDirectories(tmp.resolve("mnt"));
        Path conf = tmp.resolve("davfs2.conf");
        // buf_size 64: recent kernels refuse davfs2's default; delay_upload 0: a closed file is sent at once;
        // no ask_auth: the gateway asks for no password; the cache is davfs2's own (/var/cache/davfs2 for root),
        // as mount.davfs works as its own user once mounted
        Files.writeString(conf, String.join("\n", "ask_auth 0", "buf_size 64", "delay_upload 0", "use_locks 1",
                "dir_refresh 1", "file_refresh 1", "") + "\n");
        Run r = Run.of(tmp, List.of(davfs, url(), mount.toString(), "-o", "conf=" + conf), null);
        assertEquals(0, r.exit(), "mount.davfs: " + r.output());
    }

    /** davfs2 escapes the address it is given itself, so it takes the names as they are: {@code Ann's Mac}. */
    private String url() {
        return office.gateway.url() + Office.ANN + "/Plans/";
    }

    @AfterAll
    void stop() throws Exception {
        if (mount != null) {
            Run.of(tmp, Tools.require("umount"), mount.toString());
        }
        if (office != null) {
            // davfs2 keeps a cache folder per mount, named with the address: this one's goes with it
            String token = office.gateway.url().replaceAll(".*/([^/]+)/$", "$1");
            Path caches = Path.of("/var/cache/davfs2");
            if (Files.isDirectory(caches)) {
                try (Stream<Path> all = Files.list(caches)) {
                    for (Path c : all.filter(c -> c.getFileName().toString().contains(token)).toList()) {
                        deleteTree(c);
                    }
                }
            }
            office.close();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Unmounting waits for davfs2 to send what it holds; then mounts again so that the next test finds it. */
    private void flush() throws Exception {
        Run u = Run.of(tmp, Tools.require("umount"), mount.toString());
        assertEquals(0, u.exit(), "umount: " + u.output());
        // umount can return while mount.davfs still sends the last upload; it removes its PID file when done, and
        // refuses to mount again while the file is there (seen under load: "found PID file")
        Path pid = Path.of("/var/run/mount.davfs", mount.toString().substring(1).replace('/', '-') + ".pid");
        for (long until = System.nanoTime() + 120_000_000_000L; Files.exists(pid) && System.nanoTime() < until; ) {
            Thread.sleep(100);
        }
        start2();
    }

    private void start2() throws Exception {
        Path conf = tmp.resolve("davfs2.conf");
        Run r = Run.of(tmp, List.of(Tools.require("mount.davfs"), url(), mount.toString(), "-o",
                "conf=" + conf), null);
        assertEquals(0, r.exit(), "mount.davfs again: " + r.output());
    }

    @Test
    void aFolderGoesInAndOutRenamedMovedAndDeleted() throws Exception {
        Path tree = tmp.resolve("tree");
        Random random = new Random(5);
        for (int i = 0; i < 30; i++) {
            Path f = tree.resolve("d" + (i % 3)).resolve(i % 4 == 0 ? "Zeichnung Ä " + i + ".dwg" : "f" + i + ".bin");
            Files.createDirectories(f.getParent());
            byte[] data = new byte[random.nextInt(200_000)];
            random.nextBytes(data);
            Files.write(f, data);
        }
        copyTree(tree, mount.resolve("job"));
        flush();
        assertSameTree(tree, annPlans.resolve("job"));

        Path back = tmp.resolve("back");
        copyTree(mount.resolve("job"), back);
        assertSameTree(tree, back);

        Files.move(mount.resolve("job/d0"), mount.resolve("job/d0-renamed"));
        Files.createDirectories(mount.resolve("moved"));
        Files.move(mount.resolve("job/d1/f1.bin"), mount.resolve("moved/f1.bin"));
        Files.delete(mount.resolve("job/d2/f2.bin"));
        flush();
        assertTrue(Files.isDirectory(annPlans.resolve("job/d0-renamed")));
        assertFalse(Files.exists(annPlans.resolve("job/d0")));
        assertArrayEquals(Files.readAllBytes(tree.resolve("d1/f1.bin")),
                Files.readAllBytes(annPlans.resolve("moved/f1.bin")));
        assertFalse(Files.exists(annPlans.resolve("job/d1/f1.bin")));
        assertFalse(Files.exists(annPlans.resolve("job/d2/f2.bin")));
        try (Stream<Path> left = Files.walk(annPlans)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains(".lanshare-part")).toList(),
                    "no part file left behind");
        }
    }

    @Test
    void aFileOver50MbGoesInAndComesBackWhole() throws Exception {
        roundTrip("drawing-set.zip", 60L * 1024 * 1024 + 7);
    }

    @Test
    void aFileOver4GibGoesInAndComesBackWhole() throws Exception {
        if (!Boolean.getBoolean("lanshare.davfs.huge")) {
            System.out.println("the file over 4 GiB is copied with -Dlanshare.davfs.huge=true");
            return;
        }
        roundTrip("survey.las", 4L * 1024 * 1024 * 1024 + 4097);
    }

    /** davfs2 names locked files in {@code If} as {@code %c3%84}, the gateway's hrefs say {@code %C3%84}: both match. */
    @Test
    void ifHeaderTagsAreMatchedByWhatTheyNameNotHowTheyAreSpelled() {
        String davfs = "<http://127.0.0.1:2280/t/Ann%27s%20Mac/Plans/Zeichnung%20%c3%84.dwg> (<opaquelocktoken:a-b>)";
        assertEquals("<http://127.0.0.1:2280/t/Ann%27s%20Mac/Plans/Zeichnung%20%C3%84.dwg> (<opaquelocktoken:a-b>)",
                GatewayServlet.canonicalIf(davfs));
        assertEquals("</t/Ann%27s%20Mac/a%20b> (<opaquelocktoken:x>) (Not <DAV:no-lock>)",
                GatewayServlet.canonicalIf("</t/Ann's Mac/a%20b> (<opaquelocktoken:x>) (Not <DAV:no-lock>)"));
        assertEquals("(<opaquelocktoken:x>)", GatewayServlet.canonicalIf("(<opaquelocktoken:x>)"));
    }

    /** Writes {@code size} bytes into the mount, checks Ann's copy, then reads it back through the mount. */
    private void roundTrip(String name, long size) throws Exception {
        Path source = tmp.resolve(name);
        String made = write(source, size);
        long t0 = System.nanoTime();
        Files.copy(source, mount.resolve(name));
        flush();
        long t1 = System.nanoTime();
        assertEquals(size, Files.size(annPlans.resolve(name)));
        assertEquals(made, sha256(annPlans.resolve(name)), "Ann's copy is byte for byte what was written");
        Files.delete(source);
        assertEquals(made, sha256(mount.resolve(name)), "read back through the mount");
        long t2 = System.nanoTime();
        System.out.printf("davfs2: %s (%d bytes) in %.1f s, back in %.1f s%n", name, size, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9);
        Files.delete(mount.resolve(name));
    }

    /** A file of random-looking bytes (a repeated random block with a counter), its SHA-256. */
    private static String write(Path file, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        new Random(size).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0, i = 0; done < size; i++) {
                block[0] = (byte) i;
                block[1] = (byte) (i >>> 8);
                int n = (int) Math.min(block.length, size - done);
                out.write(block, 0, n);
                sha.update(block, 0, n);
                done += n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static void assertSameTree(Path expected, Path actual) throws Exception {
        try (Stream<Path> walk = Files.walk(expected)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path a = actual.resolve(expected.relativize(p).toString());
                assertTrue(Files.isRegularFile(a), a + " is missing");
                assertEquals(sha256(p), sha256(a), a + " differs");
            }
        }
        try (Stream<Path> a = Files.walk(actual); Stream<Path> e = Files.walk(expected)) {
            assertEquals(e.filter(Files::isRegularFile).count(), a.filter(Files::isRegularFile).count(),
                    "as many files in " + actual);
        }
    }
}
