package dev.lanshare.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Saves through the gateway, several at once: the file is always there, whole, and no save ever deletes it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavesTest {
    @TempDir
    static Path tmp;
    Office office;
    String plans;

    @BeforeAll
    void start() throws Exception {
        office = new Office(tmp);
        plans = office.url("Plans");
    }

    @AfterAll
    void stop() throws Exception {
        office.close();
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
}
