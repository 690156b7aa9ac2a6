package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each operation, run through a folder of the share that a process on the sharing machine keeps swapping for a
 * link to a folder outside: no byte, name or attribute from outside reaches the client, and nothing outside
 * changes. The outside folder holds canaries: the same names as inside with other sizes, times and link texts,
 * and names only it has.
 */
class RaceTest {
    static final String CANARY = "CANARY-OUTSIDE-";
    static final long CANARY_SIZE = 77;
    static final FileTime CANARY_TIME = FileTime.fromMillis(1_234_567_000L);
    static final String CANARY_LINK = "canary-link-text";
    /** A name only the outside folder has (the client asks for it, so it is no canary in messages). */
    static final String ONLY_OUTSIDE = "only-outside.txt";
    static final long MIN_SWAPS = Long.getLong("race.swaps", 3_000);
    static final long MIN_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("race.seconds", 3));
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    Path tmp;
    TestHome home;
    SftpClient ann;
    Path plans;
    Path race;
    Path elsewhere;
    List<String> messages = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        plans = home.folder("Plans");
        race = Files.createDirectories(plans.resolve("race"));
        Files.writeString(race.resolve("f"), "inside");
        Files.setLastModifiedTime(race.resolve("f"), FileTime.fromMillis(1_600_000_000_000L));
        Files.createDirectories(race.resolve("d"));
        Files.createSymbolicLink(race.resolve("l"), Path.of("f"));
        Files.createDirectories(plans.resolve("sub"));
        Files.writeString(plans.resolve("sub/f.txt"), "inside");
        elsewhere = Files.createDirectories(home.folder("outside").resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("f"), CANARY + "x".repeat((int) CANARY_SIZE - CANARY.length()));
        Files.createDirectories(elsewhere.resolve("d"));
        Files.writeString(elsewhere.resolve("d/" + CANARY + "in-d"), CANARY);
        Files.createSymbolicLink(elsewhere.resolve("l"), Path.of(CANARY_LINK));
        Files.createDirectories(elsewhere.resolve("taken-outside"));
        Files.writeString(elsewhere.resolve(ONLY_OUTSIDE), CANARY);
        for (String name : List.of("f", "d", "taken-outside", ONLY_OUTSIDE)) {
            Files.setPosixFilePermissions(elsewhere.resolve(name), PosixFilePermissions.fromString("rwx--x---"));
            Files.setLastModifiedTime(elsewhere.resolve(name), CANARY_TIME);
        }
        home.account("ann").share("Plans", plans, false, "ann:write");
        home.start();
        ann = home.login("ann");
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
        for (String m : messages) {
            assertFalse(m.contains(tmp.toString()), "a host path leaked: " + m);
            assertFalse(m.contains(CANARY) || m.contains(CANARY_LINK), "an outside name leaked: " + m);
        }
    }

    /** One operation through the swapped folder; true when what it answered came from outside. */
    interface Attempt {
        boolean escaped(SftpClient c, int n) throws IOException;
    }

    enum Op {
        STAT((c, n) -> outsideAttributes(c.stat("/Plans/race/f"))),
        LSTAT((c, n) -> outsideAttributes(c.lstat("/Plans/race/f"))),
        SETSTAT((c, n) -> {
            c.setStat("/Plans/race/f", new SftpClient.Attributes().perms(0640).modifyTime(1_000_000 + n));
            return false; // what it changed is checked against the outside folder afterwards
        }),
        MKDIR((c, n) -> {
            c.mkdir("/Plans/race/made-" + n);
            return false;
        }),
        SYMLINK((c, n) -> {
            c.symLink("/Plans/race/link-" + n, "/Plans/sub/f.txt");
            return false;
        }),
        READLINK((c, n) -> !c.readLink("/Plans/race/l").equals("f")),
        REALPATH((c, n) -> !c.canonicalPath("/Plans/race/d").equals("/Plans/race/d")),
        ACCESS((c, n) -> {
            // MINA asks "does it exist?" (checkAccess) before a mkdir and "may it be read?" before listing: a name
            // that exists only outside must never be found
            try {
                c.mkdir("/Plans/race/taken-outside");
                removeBetweenSwaps(c, "/Plans/race/taken-outside");
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_FILE_ALREADY_EXISTS) {
                    return true;
                }
            }
            try (SftpClient.CloseableHandle h = c.openDir("/Plans/race/" + ONLY_OUTSIDE)) {
                return true;
            } catch (SftpException e) {
                return false; // not found, or refused: either way nothing from outside
            }
        }),
        READ((c, n) -> {
            try (InputStream in = c.read("/Plans/race/f")) {
                return !new String(in.readAllBytes(), StandardCharsets.UTF_8).equals("inside");
            }
        }),
        LIST((c, n) -> {
            for (SftpClient.DirEntry e : c.readDir("/Plans/race")) {
                if (e.getFilename().contains(CANARY) || e.getFilename().equals(ONLY_OUTSIDE)
                        || outsideAttributes(e.getAttributes()) && e.getFilename().equals("f")) {
                    return true;
                }
            }
            return false;
        });

        final Attempt attempt;

        Op(Attempt attempt) {
            this.attempt = attempt;
        }
    }

    /** The numbers of the entries named {@code prefix}N in the inside folder. */
    private java.util.Set<Integer> madeInside(String prefix) throws IOException {
        try (var list = Files.list(race)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))
                    .map(n -> Integer.valueOf(n.substring(prefix.length())))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    /** Removes the folder {@code path} made inside, trying again while a swap is in the way. */
    static void removeBetweenSwaps(SftpClient c, String path) throws IOException {
        for (int i = 0;; i++) {
            try {
                c.rmdir(path);
                return;
            } catch (SftpException e) {
                if (i == 1_000) {
                    throw new IllegalStateException("could not remove " + path, e);
                }
            }
        }
    }

    static boolean outsideAttributes(SftpClient.Attributes a) {
        return a.getSize() == CANARY_SIZE || CANARY_TIME.equals(a.getModifyTime());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void aFolderSwappedForALinkOutsideNeverLetsTheOperationReachOutside(Op op) throws Exception {
        List<String> outsideBefore = TestHome.snapshot(elsewhere.getParent());
        java.util.Set<Integer> done = new java.util.TreeSet<>();
        int tried = 0;
        int answered = 0;
        int escapes = 0;
        long swaps;
        long start = System.nanoTime();
        try (Swapper swapper = new Swapper(race, elsewhere)) {
            while (System.nanoTime() - start < MAX_NANOS
                    && (swapper.swaps() < MIN_SWAPS || System.nanoTime() - start < MIN_NANOS)) {
                tried++;
                try {
                    if (op.attempt.escaped(ann, tried)) {
                        escapes++;
                    }
                    answered++;
                    done.add(tried);
                } catch (IOException | UncheckedIOException e) {
                    messages.add(String.valueOf(e.getMessage())); // refused: it met the link, or the folder moving
                }
            }
            swaps = swapper.swaps();
        }
        System.out.printf("race %s: %d tried, %d answered, %d refused, %d swaps, %d escapes%n", op, tried, answered,
                tried - answered, swaps, escapes);
        assertEquals(0, escapes, op + ": answers from outside");
        assertEquals(outsideBefore, TestHome.snapshot(elsewhere.getParent()), op + ": something outside changed");
        assertTrue(swaps >= MIN_SWAPS, "only " + swaps + " swaps");
        if (op == Op.MKDIR || op == Op.SYMLINK) {
            assertEquals(done, madeInside(op == Op.MKDIR ? "made-" : "link-"), "made exactly what was answered OK");
        }
        assertTrue(answered > 0, op + ": never answered between swaps");
    }
}
