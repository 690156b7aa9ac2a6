package dev.lanshare.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Saves through the gateway, several at once: the file is always there, whole, and no save ever deletes it. */
class SavesTest extends WithOffice {
    /**
     * Finder's {@code ._*} and {@code .DS_Store} files live in the gateway's memory: all of them together are capped
     * too, so that many big ones are refused (507) rather than fill the heap, and deleting one makes room again.
     */
    @Test
    void finderFilesInMemoryHaveATotalCap() throws Exception {
        Path big = Files.write(tmp.resolve("resource-fork"), new byte[4_000_000]);
        int kept = (int) (Memory.MAX_TOTAL / 4_000_000);
        for (int i = 0; i < kept; i++) {
            assertEquals(201, Curl.of(tmp, "-T", big.toString(), plans + "._big" + i).status(), "._big" + i);
        }
        for (int i = kept; i < kept + 3; i++) {
            assertEquals(507, Curl.of(tmp, "-T", big.toString(), plans + "._big" + i).status(), "._big" + i);
        }
        assertEquals(204, Curl.of(tmp, "-T", big.toString(), plans + "._big0").status(), "saved over: no more room");
        assertEquals(204, Curl.of(tmp, "-X", "DELETE", plans + "._big1").status());
        assertEquals(201, Curl.of(tmp, "-T", big.toString(), plans + "._big" + kept).status(), "room again");
        assertEquals(201, Curl.send(tmp, "x", "-T", "-", plans + "after-the-cap.txt").status(), "the rest works");
        for (int i = 0; i <= kept; i++) {
            int status = Curl.of(tmp, "-X", "DELETE", plans + "._big" + i).status();
            assertTrue(status == 204 || i == 1 && status == 404, "._big" + i + ": " + status);
        }
        try (var names = Files.list(office.plans)) {
            assertFalse(names.anyMatch(p -> p.getFileName().toString().startsWith("._")), "none reached Ann");
        }
    }

    /**
     * Dead properties ({@code PROPPATCH}) live in the gateway's memory too, so they are capped per file and together:
     * past a cap the request is answered 507 for them and none of it is kept; a body bigger than any client sends is
     * refused (413) before it is read whole; the gateway keeps serving, and deleting files makes room again.
     */
    @Test
    void deadPropertiesHaveCaps() throws Exception {
        Path dir = Files.createDirectories(office.plans.resolve("props"));
        int fit = (int) (DeadProperties.MAX_TOTAL / (200 * 1024));
        for (int i = 0; i < fit + 2; i++) {
            Files.writeString(dir.resolve("f" + i + ".txt"), "f");
        }
        Thread.sleep(Tree.TTL_MILLIS + 100);
        String url = plans + "props/";
        Curl tooBig = Curl.of(tmp, "-X", "PROPPATCH", "--data-binary", "@" + patch("big", 300 * 1024, "small"),
                url + "f0.txt");
        assertEquals(207, tooBig.status(), tooBig.body());
        assertTrue(tooBig.body().contains("HTTP/1.1 507"), tooBig.body());
        String props = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 0", url + "f0.txt").body();
        assertFalse(props.contains("xxxx") || props.contains("small"), "none of it kept: " + props.length());
        Path fits = patch("fits", 200 * 1024, null);
        int refused = -1;
        for (int i = 0; i < fit + 2 && refused < 0; i++) {
            Curl c = Curl.of(tmp, "-X", "PROPPATCH", "--data-binary", "@" + fits, url + "f" + i + ".txt");
            assertEquals(207, c.status(), c.body());
            refused = c.body().contains("HTTP/1.1 507") ? i : -1;
        }
        assertTrue(refused > fit / 2 && refused <= fit, "refused at file " + refused);
        Path huge = patch("huge", 2 * 1024 * 1024, null);
        assertEquals(413, Curl.of(tmp, "-X", "PROPPATCH", "--data-binary", "@" + huge, url + "f0.txt").status());
        assertEquals(413, Curl.of(tmp, "-X", "PROPPATCH", "-H", "Transfer-Encoding: chunked", "--data-binary",
                "@" + huge, url + "f0.txt").status());
        assertEquals("f", Curl.of(tmp, url + "f0.txt").body());
        assertEquals(204, Curl.of(tmp, "-X", "DELETE", url + "f0.txt").status());
        Curl again = Curl.of(tmp, "-X", "PROPPATCH", "--data-binary", "@" + fits, url + "f" + refused + ".txt");
        assertTrue(again.body().contains("HTTP/1.1 200") && !again.body().contains("HTTP/1.1 507"), again.body());
        assertEquals(204, Curl.of(tmp, "-X", "DELETE", url).status());
    }

    /** A PROPPATCH body setting {@code name} to {@code size} x's (and {@code also} to itself, when given). */
    private Path patch(String name, int size, String also) throws java.io.IOException {
        String extra = also == null ? "" : "<Z:" + also + ">" + also + "</Z:" + also + ">";
        return Files.writeString(tmp.resolve(name + ".xml"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:example\"><D:set><D:prop>" + extra + "<Z:" + name
                + ">" + "x".repeat(size) + "</Z:" + name + "></D:prop></D:set></D:propertyupdate>");
    }

    /** So are how many there are: each costs memory, however small. */
    @Test
    void finderFilesInMemoryAreCountedToo() throws Exception {
        Memory memory = new Memory(1000, 3);
        DavPath folder = DavPath.parse("/Ann/Plans");
        for (int i = 0; i < 3; i++) {
            memory.put(folder.child("._" + i), new byte[10]);
        }
        org.apache.jackrabbit.webdav.DavException full = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.jackrabbit.webdav.DavException.class, () -> memory.put(folder.child("._3"), new byte[1]));
        assertEquals(507, full.getErrorCode());
        memory.put(folder.child("._0"), new byte[900]); // saved over: no new file
        assertEquals(507, org.junit.jupiter.api.Assertions.assertThrows(org.apache.jackrabbit.webdav.DavException.class,
                () -> memory.put(folder.child("._1"), new byte[100])).getErrorCode(), "1000 bytes at most");
        memory.delete(folder.child("._2"));
        memory.put(folder.child("._3"), new byte[80]);
        memory.delete(folder);
        memory.put(folder.child("._4"), new byte[1000]);
    }

    /**
     * A second machine calling itself "Ann's Mac", listed first: Ann's folder stays Ann's (a mounted folder never
     * switches machine), the other shows under a name of its own, and so after a restart of the gateway.
     */
    @Test
    void twoColleaguesOfOneNameEachKeepTheirOwnFolder() throws Exception {
        assertEquals(201, Curl.send(tmp, "before", "-T", "-", plans + "twin-before.txt").status());
        try (dev.lanshare.service.TestHome twin = new dev.lanshare.service.TestHome(tmp.resolve("twin"))) {
            Path twinPlans = twin.folder("Plans");
            twin.share("Plans", twinPlans, false, "guests:write", "accounts:write").start();
            office.twin = twin;
            try {
                Thread.sleep(Tree.TTL_MILLIS + 100);
                assertEquals(201, Curl.send(tmp, "after", "-T", "-", plans + "twin-after.txt").status());
                assertEquals("after", Files.readString(office.plans.resolve("twin-after.txt")));
                assertFalse(Files.exists(twinPlans.resolve("twin-after.txt")), "written on the other machine");
                String top = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", office.gateway.url()).body();
                assertTrue(top.contains("<D:displayname>Ann's Mac</D:displayname>"), top);
                assertTrue(top.contains("<D:displayname>Ann's Mac (twin-d)</D:displayname>"), top);
                String other = office.gateway.url() + "Ann%27s%20Mac%20%28twin-d%29/Plans/";
                assertEquals(201, Curl.send(tmp, "twin", "-T", "-", other + "theirs.txt").status());
                assertEquals("twin", Files.readString(twinPlans.resolve("theirs.txt")));
                try (Gateway again = Gateway.start(new Gateway.Options(office.here.state(), Office.freePort(),
                        office::peers, PeerFiles.overPeerClient(office.here), p -> { }))) {
                    String url = again.url() + "Ann%27s%20Mac/Plans/";
                    assertEquals(201, Curl.send(tmp, "restarted", "-T", "-", url + "twin-restart.txt").status());
                    assertEquals("restarted", Files.readString(office.plans.resolve("twin-restart.txt")));
                    assertFalse(Files.exists(twinPlans.resolve("twin-restart.txt")));
                }
            } finally {
                office.twin = null;
            }
        }
    }

    @Test
    void twoSavesOfOneFileAtOnceLeaveOneOfThemWhole() throws Exception {
        Path report = office.plans.resolve("report.docx");
        Files.writeString(report, "first version");
        byte[][] bodies = new byte[2][];
        Path[] files = new Path[2];
        for (int i = 0; i < 2; i++) {
            bodies[i] = new byte[6_000_000];
            Arrays.fill(bodies[i], (byte) ('a' + i));
            files[i] = Files.write(tmp.resolve("save" + i), bodies[i]);
        }
        AtomicBoolean saving = new AtomicBoolean(true);
        AtomicInteger missing = new AtomicInteger();
        Thread watch = new Thread(() -> {
            while (saving.get()) {
                if (!Files.exists(report)) {
                    missing.incrementAndGet();
                }
            }
        });
        watch.start();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                List<Future<Curl>> saves = new ArrayList<>();
                for (Path f : files) {
                    saves.add(pool.submit(() -> Curl.of(tmp, "-T", f.toString(), plans + "report.docx")));
                }
                for (Future<Curl> s : saves) {
                    int status = s.get().status();
                    assertTrue(status == 201 || status == 204, "round " + round + ": " + s.get());
                }
                assertTrue(Files.exists(report), "round " + round + ": report.docx is gone");
                byte[] now = Files.readAllBytes(report);
                assertTrue(Arrays.equals(now, bodies[0]) || Arrays.equals(now, bodies[1]),
                        "round " + round + ": one save whole, " + now.length + " bytes");
            }
        } finally {
            saving.set(false);
            watch.join();
            pool.shutdown();
        }
        assertEquals(0, missing.get(), "times report.docx was seen missing while it was saved over");
        try (var names = Files.list(office.plans)) {
            assertFalse(names.anyMatch(p -> p.getFileName().toString().endsWith(".lanshare-part")),
                    "no part file left");
        }
    }

    /**
     * A DELETE of a folder of which the colleague refuses a part (here a read-only file system mounted in it): what
     * can go goes, and the answer is a 207 naming each file that stayed, never a 204 that says all went. A link in
     * the folder to another folder of the share is removed, never followed (VFS's deleteAll emptied that folder).
     * In a read-only share nothing changes: 403.
     */
    @Test
    void aFolderThatCannotAllBeDeletedSaysWhatStayedAndTouchesNothingElse() throws Exception {
        dev.lanshare.service.Tools.requireRoot("mounting a read-only file system in a share");
        Path dir = office.plans.resolve("mixed");
        for (String f : List.of("1.txt", "a/2.txt", "a/b/3.txt", "z.txt", "locked/keep.txt", "locked/in/deep.txt")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), f);
        }
        Path elsewhere = Files.createDirectories(office.plans.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("precious.txt"), "precious");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("../elsewhere"));
        List<String> untouched = TestHome.snapshot(elsewhere);
        Path locked = dir.resolve("locked");
        assertEquals(0, Run.of(tmp, "mount", "--bind", locked.toString(), locked.toString()).exit());
        try {
            Run ro = Run.of(tmp, "mount", "-o", "remount,bind,ro", locked.toString());
            assertEquals(0, ro.exit(), ro.output());
            Thread.sleep(Tree.TTL_MILLIS + 100);
            Curl c = Curl.of(tmp, "-X", "DELETE", plans + "mixed/");
            assertEquals(207, c.status(), c.body());
            assertTrue(c.body().contains("/mixed/locked/keep.txt</D:href>")
                    && c.body().contains("/mixed/locked/in/deep.txt</D:href>"), c.body());
            assertTrue(c.body().contains("HTTP/1.1 403"), c.body());
            assertEquals(2, c.body().split("<D:response>", -1).length - 1, c.body());
            try (var left = Files.walk(dir)) {
                assertEquals(List.of("", "locked", "locked/in", "locked/in/deep.txt", "locked/keep.txt"),
                        left.map(p -> dir.relativize(p).toString()).sorted().toList());
            }
            assertEquals(untouched, TestHome.snapshot(elsewhere), "nothing outside the folder is touched");
        } finally {
            Run.of(tmp, "umount", locked.toString());
        }
        Path guide = office.archive.resolve("guide.txt");
        List<String> archive = TestHome.snapshot(office.archive);
        assertEquals(403, Curl.of(tmp, "-X", "DELETE", office.url("Archive") + "guide.txt").status());
        assertEquals(403, Curl.of(tmp, "-X", "DELETE", office.url("Archive")).status());
        assertEquals(archive, TestHome.snapshot(office.archive), "a read-only share does not change");
        assertTrue(Files.exists(guide));
        assertEquals(204, Curl.of(tmp, "-X", "DELETE", plans + "mixed/").status(), "all of it, now that it can");
        assertFalse(Files.exists(dir));
    }

    /**
     * A COPY of a folder holding a link to the folder above it: the link is left out and named (207), and the copy
     * ends. It followed the link, copied the share into the copy and the copy into itself, without end.
     */
    @Test
    void aCopyOfAFolderWithALinkUpwardsEnds() throws Exception {
        Path dir = Files.createDirectories(office.plans.resolve("loop"));
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.writeString(dir.resolve("sub/b.txt"), "b");
        Files.createSymbolicLink(dir.resolve("up"), Path.of(".."));
        Thread.sleep(Tree.TTL_MILLIS + 100);
        Curl c = Curl.of(tmp, "--max-time", "60", "-X", "COPY", "-H", "Destination: " + plans + "loop-copy/",
                plans + "loop/");
        assertEquals(207, c.status(), c.body());
        assertTrue(c.body().contains("/loop/up/</D:href>") && c.body().contains("HTTP/1.1 403"), c.body());
        Path copy = office.plans.resolve("loop-copy");
        try (var all = Files.walk(copy)) {
            assertEquals(List.of("", "a.txt", "sub", "sub/b.txt"),
                    all.map(p -> copy.relativize(p).toString()).sorted().toList());
        }
        assertEquals(403, Curl.of(tmp, "--max-time", "60", "-X", "COPY", "-H", "Destination: " + plans + "up-copy/",
                plans + "loop/up/").status(), "a link to a folder itself is not copied");
        assertFalse(Files.exists(office.plans.resolve("up-copy")));
    }

    /** The longest names are saved too: the part's name is cut short where NAME.RANDOM.lanshare-part would not fit. */
    @Test
    void aNameOf255BytesIsSaved() throws Exception {
        String name = "n".repeat(251) + ".txt";
        assertEquals(201, Curl.send(tmp, "long", "-T", "-", plans + name).status());
        assertEquals("long", Files.readString(office.plans.resolve(name)));
    }

    /**
     * davfs2's save by a temporary file: LOCK it, then MOVE it over the original with an If header tagged with the
     * temporary file only (RFC 4918 10.4.2). It was refused with 412, as the header was matched against the
     * unlocked original too.
     */
    /** An exclusive write lock on {@code url}, as Finder and davfs2 take one; its token found in the answer. */
    private java.util.regex.Matcher lock(String url) throws Exception {
        Curl lock = Curl.send(tmp, "<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/>"
                + "</D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>", "-X", "LOCK", "-H",
                "Content-Type: application/xml", "--data-binary", "@-", url);
        assertEquals(200, lock.status(), lock.body());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("opaquelocktoken:[^<\\s]+")
                .matcher(lock.body());
        assertTrue(token.find(), lock.body());
        return token;
    }

    @Test
    void aLockedTemporaryFileIsMovedOverTheOriginal() throws Exception {
        Files.writeString(office.plans.resolve("notes.txt"), "v1");
        assertEquals(201, Curl.send(tmp, "v2", "-T", "-", plans + ".~tmp1.tmp").status());
        java.util.regex.Matcher token = lock(plans + ".~tmp1.tmp");
        Curl move = Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + plans + "notes.txt", "-H", "Overwrite: T",
                "-H", "If: <" + plans + ".~tmp1.tmp> (<" + token.group() + ">)", plans + ".~tmp1.tmp");
        assertEquals(204, move.status(), move.body());
        assertEquals("v2", Files.readString(office.plans.resolve("notes.txt")));
        assertFalse(Files.exists(office.plans.resolve(".~tmp1.tmp")));
    }

    /**
     * A folder whose drawing Finder or Office holds locked is not deleted, moved or replaced around it (RFC 4918
     * 9.6.1): it was, and the open drawing was lost. With the lock's token submitted, the DELETE goes ahead.
     */
    @Test
    void aFolderWithALockedFileInsideIsNotDeletedMovedOrReplaced() throws Exception {
        Path site = Files.createDirectories(office.plans.resolve("site/ground"));
        Files.writeString(site.resolve("plan.dwg"), "open in a program");
        Files.createDirectories(office.plans.resolve("other"));
        java.util.regex.Matcher token = lock(plans + "site/ground/plan.dwg");

        assertEquals(423, Curl.of(tmp, "-X", "DELETE", plans + "site/").status());
        assertEquals(423, Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + plans + "moved/", plans + "site/")
                .status());
        assertEquals(423, Curl.of(tmp, "-X", "COPY", "-H", "Destination: " + plans + "site/", "-H", "Overwrite: T",
                plans + "other/").status(), "copied over it");
        assertEquals("open in a program", Files.readString(site.resolve("plan.dwg")));
        assertFalse(Files.exists(office.plans.resolve("moved")));

        Curl delete = Curl.of(tmp, "-X", "DELETE", "-H", "If: <" + plans + "site/ground/plan.dwg> (<" + token.group()
                + ">)", plans + "site/");
        assertEquals(204, delete.status(), delete.body());
        assertFalse(Files.exists(office.plans.resolve("site")));
    }

    /**
     * A MOVE over an existing file between two disks of the colleague (here a folder of the share with another file
     * system mounted on it): the colleague cannot rename there, so the file is copied and the source deleted. The
     * file it replaces was deleted first and the move then failed (502): the old version was lost.
     */
    @Test
    void aMoveOverAFileOnAnotherDiskOfTheColleagueReplacesIt() throws Exception {
        dev.lanshare.service.Tools.requireRoot("mounting a file system in a share");
        Path fast = Files.createDirectories(office.plans.resolve("fast"));
        Run mounted = Run.of(tmp, List.of("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", fast.toString()), null);
        assertEquals(0, mounted.exit(), mounted.output());
        try {
            Files.writeString(fast.resolve("x.txt"), "old version there");
            Files.writeString(office.plans.resolve("x.txt"), "new version");
            Curl move = Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + plans + "fast/x.txt", "-H", "Overwrite: T",
                    plans + "x.txt");
            assertEquals(204, move.status(), move.body());
            assertEquals("new version", Files.readString(fast.resolve("x.txt")));
            assertFalse(Files.exists(office.plans.resolve("x.txt")), "moved, not copied");
        } finally {
            Run.of(tmp, List.of("umount", fast.toString()), null);
        }
    }
}
