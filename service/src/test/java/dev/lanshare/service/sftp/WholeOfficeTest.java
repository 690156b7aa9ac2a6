package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.OpenSsh;
import dev.lanshare.service.TestHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An office at once and a hostile address, with the OpenSSH client against a real service (issue 16). */
class WholeOfficeTest {
    static final int CLIENTS = 64;
    static final int FILE_SIZE = 32 * 1024 * 1024;

    @TempDir
    Path tmp;
    TestHome home;

    @AfterEach
    void stop() throws Exception {
        if (home != null) {
            home.close();
        }
    }

    @Test
    void sixtyFourGuestsFromOneAddressEachDownloadTheirOwnFile() throws Exception {
        Path handouts = Files.createDirectories(tmp.resolve("data/Handouts")).toRealPath();
        Random random = new Random(16);
        byte[][] content = new byte[CLIENTS][];
        for (int i = 0; i < CLIENTS; i++) {
            content[i] = new byte[FILE_SIZE];
            random.nextBytes(content[i]);
            Files.write(handouts.resolve("f" + i + ".bin"), content[i]);
        }
        home = new TestHome(tmp);
        home.share("Handouts", handouts, true, "guests");
        home.start();
        Path into = Files.createDirectories(Path.of("/dev/shm").resolve("lanshare-office-" + ProcessHandle.current()
                .pid()));
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            long start = System.nanoTime();
            List<Future<OpenSsh.Result>> runs = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String get = "get /Handouts/f" + i + ".bin " + into.resolve("f" + i + ".bin") + "\n";
                runs.add(pool.submit(() -> OpenSsh.guestSftp(home.port(), get)));
            }
            int failures = 0;
            StringBuilder why = new StringBuilder();
            for (int i = 0; i < CLIENTS; i++) {
                OpenSsh.Result r = runs.get(i).get();
                Path got = into.resolve("f" + i + ".bin");
                if (r.exit() != 0 || !Files.exists(got) || Files.size(got) != FILE_SIZE) {
                    failures++;
                    why.append("#").append(i).append(": ").append(r.exit()).append(' ').append(r.err()).append('\n');
                } else {
                    assertArrayEquals(content[i], Files.readAllBytes(got), "the bytes of f" + i);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("office load: %d OpenSSH guests from 127.0.0.1, %d MiB each: %d failures, %.1f s%n",
                    CLIENTS, FILE_SIZE >> 20, failures, seconds);
            assertEquals(0, failures, why.toString());
        } finally {
            pool.shutdownNow();
            try (var files = Files.list(into)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(into);
        }
    }

    @Test
    void silentConnectionsFromOneAddressDoNotKeepAColleagueAtAnotherOut() throws Exception {
        OpenSsh ann = OpenSsh.withNewKey(Files.createDirectories(tmp.resolve("ann")));
        Path plans = Files.createDirectories(tmp.resolve("data/Plans")).toRealPath();
        byte[] drawing = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(drawing);
        Files.write(plans.resolve("drawing.bin"), drawing);
        home = new TestHome(tmp);
        home.account("ann", ann.publicKeyLine()).share("Plans", plans, true, "ann");
        home.start();
        homePort = home.port();
        Path got = tmp.resolve("got.bin");
        String batch = "get /Plans/drawing.bin " + got + "\n";

        download(ann, batch, got, drawing); // warms the service up
        List<Double> usual = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            usual.add(download(ann, batch, got, drawing));
        }
        double usualSeconds = usual.stream().mapToDouble(d -> d).max().orElseThrow();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger opened = new AtomicInteger();
        List<Thread> hostile = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread t = new Thread(() -> holdSilently(home.port(), stop, opened), "silent-" + i);
            t.start();
            hostile.add(t);
        }
        List<Double> during = new ArrayList<>();
        try {
            Thread.sleep(2000); // every silent connection is open
            // one more from that address is refused in words the client prints (within the 10 s that a burst's
            // connections have to log in, so none of the silent ones has been closed and reopened yet)
            OpenSsh.Result refused = ann.sftp(homePort, "ann", "ls\n", "-o", "BindAddress=127.0.0.1");
            assertTrue(refused.exit() != 0 && refused.err().contains("lanshare: too many connections: "
                    + ConnectionLimits.UNAUTHENTICATED_PER_ADDRESS + " connections from 127.0.0.1 are logging in "
                    + "already; try again later"), refused.all());
            long until = System.nanoTime() + 25_000_000_000L; // past the login timeouts: they are reopened
            while (System.nanoTime() < until || during.size() < 5) {
                during.add(download(ann, batch, got, drawing));
            }
        } finally {
            stop.set(true);
            for (Thread t : hostile) {
                t.join(5000);
            }
        }
        System.out.printf("hostile: %d silent connections from 127.0.0.1 (%d opened in all); a colleague at "
                + "127.0.0.2 downloaded %d times in %s s (usual %s s)%n", CLIENTS, opened.get(), during.size(),
                during, usual);
        for (double d : during) {
            assertTrue(d <= usualSeconds + 1.0, "within a second of the usual " + usual + ": " + during);
        }
    }

    private static double download(OpenSsh ann, String batch, Path got, byte[] expected) throws Exception {
        Files.deleteIfExists(got);
        long start = System.nanoTime();
        OpenSsh.Result r = ann.sftp(homePort, "ann", batch, "-o", "BindAddress=127.0.0.2");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exit(), r.all());
        assertArrayEquals(expected, Files.readAllBytes(got));
        return Math.round(seconds * 100) / 100.0;
    }

    private static int homePort;

    /** Keeps a connection open from 127.0.0.1 that never says a word; opens another when the server closes it. */
    private static void holdSilently(int port, AtomicBoolean stop, AtomicInteger opened) {
        while (!stop.get()) {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
                opened.incrementAndGet();
                s.setSoTimeout(500);
                byte[] buf = new byte[4096];
                while (!stop.get()) {
                    try {
                        if (s.getInputStream().read(buf) < 0) {
                            break; // closed by the server: reopen
                        }
                    } catch (java.net.SocketTimeoutException e) {
                        // still open, still silent
                    }
                }
            } catch (IOException e) {
                // refused or reset: reopen
            }
        }
    }
}
