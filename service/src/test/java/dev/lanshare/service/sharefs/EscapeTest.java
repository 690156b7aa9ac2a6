package dev.lanshare.service.sharefs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.CopyFileExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Attempts to reach files outside a share: every one is refused, and no error shows a host path. */
class EscapeTest {
    static final String SECRET = "TOP SECRET";

    @TempDir
    Path tmp;
    TestHome home;
    Path plans;
    Path outside;
    SftpClient ann;
    List<String> messages = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        plans = home.folder("Plans");
        outside = home.folder("outside");
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.createDirectories(plans.resolve("sub"));
        Files.writeString(plans.resolve("sub/f.txt"), "inside");
        Files.createSymbolicLink(plans.resolve("escape"), Path.of("../outside"));
        Files.createSymbolicLink(plans.resolve("escape-abs"), outside);
        Files.createSymbolicLink(plans.resolve("hostname"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(plans.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(plans.resolve("inner"), Path.of("sub"));
        home.account("ann").share("Plans", plans, false, "ann:write");
        home.start();
        ann = home.login("ann");
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
        for (String m : messages) {
            assertFalse(m.contains(tmp.toString()), "a host path leaked: " + m);
            assertFalse(m.contains(SECRET), "secret content leaked: " + m);
        }
        assertEquals(SECRET, Files.readString(outside.resolve("secret.txt")));
        try (var list = Files.list(outside)) {
            assertEquals(1, list.count(), "nothing was created outside the share");
        }
    }

    private void refused(Object what) {
        Exception thrown = assertThrows(Exception.class, () -> {
            if (what instanceof String path) {
                try (InputStream in = ann.read(path)) {
                    in.readAllBytes();
                }
            } else {
                ((ReadOnlyShareTest.Change) what).run();
            }
        });
        Throwable e = thrown instanceof java.io.UncheckedIOException u ? u.getCause() : thrown;
        assertTrue(e instanceof IOException, "refused with an I/O error, not " + e);
        messages.add(String.valueOf(e.getMessage()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Plans/../outside/secret.txt", "/Plans/../../outside/secret.txt",
            "../outside/secret.txt", "Plans/../../data/outside/secret.txt", "/../../../etc/hostname",
            "/Plans/./../../etc/hostname", "/Plans/sub/../../../etc/hostname", "//etc/hostname", "/etc/hostname",
            "/Plans/..\\..\\outside\\secret.txt", "/Plans/%2e%2e/%2e%2e/etc/hostname", "/Plans/sub/../../..",
            "/Plans/escape/secret.txt", "/Plans/escape-abs/secret.txt", "/Plans/hostname", "/Plans/etc/hostname",
            "/Plans/inner/../../outside/secret.txt", "/Plans/sub/f.txt\u0000/../../etc/hostname"})
    void readingOutsideIsRefused(String path) {
        refused(path);
    }

    @Test
    void absoluteHostPathsAreRefused() throws Exception {
        for (Path hostPath : List.of(outside.resolve("secret.txt"), plans.resolve("sub/f.txt"))) {
            var e = assertThrows(org.apache.sshd.sftp.common.SftpException.class, () -> ann.read(hostPath.toString()));
            // the message may repeat the path the client sent; it must say no more than "no such file"
            assertEquals(org.apache.sshd.sftp.common.SftpConstants.SSH_FX_NO_SUCH_FILE, e.getStatus());
            messages.add(e.getMessage().replace(hostPath.toString(), "SENT"));
        }
    }

    @Test
    void listingThroughLinksThatLeaveIsRefused() throws Exception {
        refused((ReadOnlyShareTest.Change) () -> ann.readDir("/Plans/escape").iterator().hasNext());
        refused((ReadOnlyShareTest.Change) () -> ann.readDir("/Plans/etc").iterator().hasNext());
        // going up from a share ends at the top level, which lists only shares
        List<String> top = new ArrayList<>();
        ann.readDir("/Plans/../../..").forEach(e -> top.add(e.getFilename()));
        top.removeAll(List.of(".", ".."));
        assertEquals(List.of("Plans"), top);
        refused((ReadOnlyShareTest.Change) () -> ann.stat("/Plans/escape/secret.txt"));
    }

    @Test
    void listingAShareShowsLinksThatLeaveAsLinksOnly() throws Exception {
        java.util.Map<String, SftpClient.Attributes> seen = new java.util.HashMap<>();
        ann.readDir("/Plans").forEach(e -> seen.put(e.getFilename(), e.getAttributes()));
        assertTrue(seen.keySet().containsAll(List.of("sub", "escape", "escape-abs", "hostname", "etc", "inner")),
                seen.keySet().toString());
        assertTrue(seen.get("sub").isDirectory());
        assertTrue(seen.get("inner").isDirectory(), "a link inside the share shows what it leads to");
        for (String leaving : List.of("escape", "escape-abs", "hostname", "etc")) {
            assertTrue(seen.get(leaving).isSymbolicLink(), leaving + " shows as the link, not as what it leads to");
        }
    }

    @Test
    void writingThroughLinksThatLeaveIsRefused() {
        refused((ReadOnlyShareTest.Change) () -> {
            try (OutputStream out = ann.write("/Plans/escape/new.txt")) {
                out.write(1);
            }
        });
        refused((ReadOnlyShareTest.Change) () -> ann.mkdir("/Plans/escape/dir"));
        refused((ReadOnlyShareTest.Change) () -> ann.rename("/Plans/sub/f.txt", "/Plans/escape/f.txt"));
        refused((ReadOnlyShareTest.Change) () -> ann.remove("/Plans/escape/secret.txt"));
        refused((ReadOnlyShareTest.Change) () -> ann.setStat("/Plans/escape/secret.txt",
                new SftpClient.Attributes().perms(0666)));
    }

    @Test
    void linksMadeByTheClientCannotLeave() throws Exception {
        refused((ReadOnlyShareTest.Change) () -> ann.symLink("/Plans/mine", "/etc"));
        refused((ReadOnlyShareTest.Change) () -> ann.symLink("/Plans/mine", "../outside"));
        refused((ReadOnlyShareTest.Change) () -> ann.symLink("/Plans/mine", "../../../../../../etc/hostname"));
        refused((ReadOnlyShareTest.Change) () -> ann.symLink("/Plans/mine", outside.toString()));
        refused((ReadOnlyShareTest.Change) () -> ann.link("/Plans/escape/secret.txt", "/Plans/hard", false));
        assertFalse(Files.exists(plans.resolve("mine"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(plans.resolve("hard"), LinkOption.NOFOLLOW_LINKS));
        // inside the share, links work
        ann.symLink("/Plans/ok", "/Plans/sub/f.txt");
        try (InputStream in = ann.read("/Plans/ok")) {
            assertEquals("inside", new String(in.readAllBytes()));
        }
        assertTrue(Files.isSymbolicLink(plans.resolve("ok")));
    }

    @Test
    void linksAreShownInClientTerms() throws Exception {
        // MINA's realpath normalizes without following links; either answer is in client terms
        assertTrue(List.of("/Plans/sub", "/Plans/inner").contains(ann.canonicalPath("/Plans/inner")));
        assertEquals("sub", ann.readLink("/Plans/inner"));
        refused((ReadOnlyShareTest.Change) () -> ann.readLink("/Plans/etc"));
        refused((ReadOnlyShareTest.Change) () -> ann.readLink("/Plans/escape-abs"));
        messages.add(ann.canonicalPath("/Plans/escape"));
        assertEquals("/", ann.canonicalPath("/Plans/../.."));
    }

    /** Keeps swapping {@code /Plans/race} (a folder) for a link that leads out, until closed. */
    private final class Swapper implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicLong swaps = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicReference<IOException> failed =
                new java.util.concurrent.atomic.AtomicReference<>();
        final Thread thread;
        final Path elsewhere;

        Swapper(Path race) throws IOException {
            Path parked = plans.resolve("race-parked");
            // the folder outside holds a name the inside one has not: a listing of it would show that name
            elsewhere = outside.resolveSibling("outside-race");
            Files.createDirectories(elsewhere);
            Files.writeString(elsewhere.resolve("secret.txt"), SECRET);
            Files.writeString(elsewhere.resolve("elsewhere.txt"), SECRET);
            Path link = Files.createSymbolicLink(plans.resolve("race-link"), elsewhere);
            thread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        Files.move(race, parked, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        Files.move(link, race, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                        Files.move(race, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        Files.move(parked, race, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                        swaps.incrementAndGet();
                    }
                } catch (IOException e) {
                    failed.set(e); // reported by close(): a race test without swaps would prove nothing
                }
            });
            thread.start();
        }

        @Override
        public void close() throws InterruptedException, IOException {
            stop.set(true);
            thread.join();
            if (failed.get() != null) {
                throw new IOException("the swapping stopped after " + swaps.get() + " swaps", failed.get());
            }
        }
    }

    @Test
    void aFolderSwappedForALinkWhileFilesAreOpenedNeverLeadsOut() throws Exception {
        // another client (here: a thread, as fast as it can) keeps swapping a folder of the share for a link that
        // leads out, with a file of the same name on both sides; reads and listings race with the swaps
        Path race = Files.createDirectories(plans.resolve("race"));
        Files.writeString(race.resolve("secret.txt"), "inside");
        Files.writeString(race.resolve("inside.txt"), "inside");
        int read = 0;
        int listed = 0;
        long swaps;
        try (Swapper swapper = new Swapper(race)) {
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < end) {
                try (InputStream in = ann.read("/Plans/race/secret.txt")) {
                    String got = new String(in.readAllBytes());
                    assertEquals("inside", got, "read through a swapped-in link");
                    read++;
                } catch (IOException | java.io.UncheckedIOException e) {
                    messages.add(String.valueOf(e.getMessage()));
                }
                try {
                    List<String> names = new ArrayList<>();
                    for (SftpClient.DirEntry e : ann.readDir("/Plans/race")) {
                        names.add(e.getFilename());
                        if (e.getFilename().equals("secret.txt")) {
                            // the outside file of that name is longer: its size would show whose attributes these are
                            assertEquals(6, e.getAttributes().getSize(), "listed an outside file's attributes");
                        }
                    }
                    assertFalse(names.contains("elsewhere.txt"), "listed the outside folder: " + names);
                    listed++;
                } catch (IOException | java.io.UncheckedIOException e) {
                    messages.add(String.valueOf(e.getMessage()));
                }
            }
            swaps = swapper.swaps.get();
        }
        System.out.printf("race: %d swaps; %d reads and %d listings of the inside folder, the rest refused%n",
                swaps, read, listed);
        assertTrue(read > 0, "some reads got through between swaps");
    }

    @Test
    void aFolderSwappedForALinkNeverLetsAnOutsideFileBeRemovedOrTaken() throws Exception {
        // the inside folder has no secret.txt: whatever removes or renames one acted outside (checked after each)
        Path race = Files.createDirectories(plans.resolve("race"));
        Files.writeString(race.resolve("inside.txt"), "inside");
        int attempts = 0;
        try (Swapper swapper = new Swapper(race)) {
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                attempts++;
                refused((ReadOnlyShareTest.Change) () -> ann.remove("/Plans/race/secret.txt"));
                refused((ReadOnlyShareTest.Change) () -> ann.rename("/Plans/race/secret.txt", "/Plans/taken.txt"));
            }
        }
        System.out.printf("race: %d attempts to remove or take an outside file, all refused%n", attempts);
        assertFalse(Files.exists(plans.resolve("taken.txt")));
        assertTrue(Files.exists(outside.resolveSibling("outside-race").resolve("secret.txt")));
    }

    @Test
    void aFolderSwappedForALinkNeverLetsACopyOrChangeReachOutside() throws Exception {
        // the inside folder has no secret.txt: whatever copies it, stats it or changes it acted outside; whatever is
        // made in the inside folder must never appear in the outside one
        Path race = Files.createDirectories(plans.resolve("race"));
        Files.writeString(race.resolve("inside.txt"), "inside");
        CopyFileExtension copy = ann.getExtension(CopyFileExtension.class);
        int attempts = 0;
        Path elsewhere;
        Set<PosixFilePermission> permissions;
        FileTime modified;
        try (Swapper swapper = new Swapper(race)) {
            elsewhere = swapper.elsewhere;
            Path secret = elsewhere.resolve("secret.txt");
            permissions = Files.getPosixFilePermissions(secret);
            modified = Files.getLastModifiedTime(secret);
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < end) {
                int n = ++attempts;
                tried(() -> copy.copyFile("/Plans/race/secret.txt", "/Plans/copied-" + n + ".txt", false));
                tried(() -> copy.copyFile("/Plans/sub/f.txt", "/Plans/race/planted-" + n + ".txt", false));
                tried(() -> ann.mkdir("/Plans/race/made-" + n));
                tried(() -> ann.symLink("/Plans/race/link-" + n, "/Plans/sub/f.txt"));
                tried(() -> ann.setStat("/Plans/race/secret.txt",
                        new SftpClient.Attributes().perms(0600).modifyTime(1_000_000)));
                refused((ReadOnlyShareTest.Change) () -> ann.stat("/Plans/race/secret.txt"));
                refused((ReadOnlyShareTest.Change) () -> ann.lstat("/Plans/race/secret.txt"));
            }
        }
        System.out.printf("race: %d rounds of copies, folders, links and changes next to an outside folder%n",
                attempts);
        try (var list = Files.list(plans)) {
            assertFalse(list.anyMatch(p -> p.getFileName().toString().startsWith("copied-")),
                    "an outside file was copied into the share");
        }
        try (var list = Files.list(elsewhere)) {
            assertEquals(List.of("elsewhere.txt", "secret.txt"),
                    list.map(p -> p.getFileName().toString()).sorted().toList(), "something was made outside");
        }
        assertEquals(permissions, Files.getPosixFilePermissions(elsewhere.resolve("secret.txt")));
        assertEquals(modified, Files.getLastModifiedTime(elsewhere.resolve("secret.txt")));
        try (var list = Files.list(race)) {
            assertTrue(list.anyMatch(p -> p.getFileName().toString().startsWith("made-")),
                    "folders were made inside between swaps");
        }
    }

    /** Runs a change that may be refused (when it met the link); keeps its message for the leak checks. */
    private void tried(ReadOnlyShareTest.Change change) {
        try {
            change.run();
        } catch (Exception e) {
            messages.add(String.valueOf(e.getMessage()));
        }
    }
}
