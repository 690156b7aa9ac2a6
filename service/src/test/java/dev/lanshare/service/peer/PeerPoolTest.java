package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.TestHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's kept connections to colleagues, against a real lanshare service on loopback. */
class PeerPoolTest {
    @TempDir
    Path tmp;
    TestHome colleague;
    AppDirs dirs;
    PeerTarget target;
    final AtomicLong now = new AtomicLong();
    int opened;
    PeerPool pool;

    @BeforeEach
    void start() throws Exception {
        colleague = new TestHome(tmp.resolve("colleague"));
        Path archive = colleague.folder("Archive");
        Files.write(archive.resolve("plan.bin"), new byte[1024 * 1024]);
        colleague.passwordAccount().share("Archive", archive, true, "guests", TestHome.PASSWORD_USER);
        colleague.start();
        dirs = AppDirs.under(tmp.resolve("here"));
        String at = "127.0.0.1:" + colleague.port();
        target = new PeerTarget(at, "127.0.0.1", colleague.port(), at, Optional.empty(), true);
        pool = new PeerPool((peer, who) -> {
            opened++;
            return PeerClient.open(peer, who, dirs);
        }, Duration.ofSeconds(60), now::get, false);
    }

    @AfterEach
    void stop() throws Exception {
        pool.close();
        colleague.close();
    }

    @Test
    void oneConnectionPerColleagueAndAccount() throws Exception {
        PeerClient first;
        try (PeerPool.Lease a = pool.lease(target, PeerClient.Credentials.guest());
                PeerPool.Lease b = pool.lease(target, PeerClient.Credentials.guest())) {
            assertSame(a.client(), b.client(), "two users at once share it");
            first = a.client();
        }
        try (PeerPool.Lease again = pool.lease(target, PeerClient.Credentials.guest())) {
            assertSame(first, again.client(), "kept after use");
            assertEquals(1, again.client().list("/Archive").size());
        }
        PeerClient.Credentials carl = new PeerClient.Credentials(TestHome.PASSWORD_USER, TestHome.PASSWORD);
        try (PeerPool.Lease other = pool.lease(target, carl)) {
            assertNotSame(first, other.client(), "another account, another connection");
        }
        assertEquals(2, pool.size());
        assertEquals(2, opened);
        PeerClient.Credentials wrong = new PeerClient.Credentials(TestHome.PASSWORD_USER, "wrong");
        assertThrows(PeerException.class, () -> pool.lease(target, wrong), "a changed password logs in anew");
        assertEquals(1, pool.size(), "the connection of the old password is gone");
    }

    /** The file that pins the colleague's key for JSch is gone after a failed login too; the service sweeps old ones. */
    @Test
    void noPinnedKeyFileIsLeftBehind() throws Exception {
        PeerClient.Credentials wrong = new PeerClient.Credentials(TestHome.PASSWORD_USER, "wrong");
        assertThrows(PeerException.class, () -> PeerClient.open(target, wrong, dirs));
        PeerClient.open(target, PeerClient.Credentials.guest(), dirs).close();
        assertEquals(List.of(), pinned(), "none after a failed login and a closed client");
        Path old = Files.writeString(dirs.state().resolve("pinned-1.hosts"), "killed");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path young = Files.writeString(dirs.state().resolve("pinned-2.hosts"), "in use");
        PeerClient.sweepPinned(dirs);
        assertEquals(List.of(young), pinned(), "an hour old or more swept");
    }

    private List<Path> pinned() throws IOException {
        try (var files = Files.list(dirs.state())) {
            return files.filter(f -> f.getFileName().toString().startsWith("pinned-")).toList();
        }
    }

    @Test
    void anIdleConnectionIsClosedButNotUnderAStream() throws Exception {
        PeerClient first;
        InputStream reading;
        try (PeerPool.Lease a = pool.lease(target, PeerClient.Credentials.guest())) {
            first = a.client();
            reading = a.client().resolve("/Archive/plan.bin").getContent().getInputStream();
        }
        assertEquals(1024, reading.readNBytes(1024).length);
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        pool.closeIdle();
        assertEquals(1, pool.size(), "a stream is open on it: kept");
        assertEquals(1024 * 1024 - 1024, reading.readAllBytes().length);
        reading.close();
        pool.closeIdle();
        assertEquals(0, pool.size(), "unused for longer than the idle time: closed");
        try (PeerPool.Lease b = pool.lease(target, PeerClient.Credentials.guest())) {
            assertNotSame(first, b.client());
            assertEquals(1, b.client().list("/Archive").size());
        }
        assertEquals(2, opened);
    }

    @Test
    void aBrokenConnectionIsNotHandedOutAgain() throws Exception {
        PeerClient first;
        try (PeerPool.Lease a = pool.lease(target, PeerClient.Credentials.guest())) {
            first = a.client();
            a.broken();
        }
        assertEquals(0, pool.size());
        try (PeerPool.Lease b = pool.lease(target, PeerClient.Credentials.guest())) {
            assertNotSame(first, b.client());
        }
        pool.drop(target);
        assertEquals(0, pool.size());
    }
}
