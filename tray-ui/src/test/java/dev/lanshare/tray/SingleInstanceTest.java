package dev.lanshare.tray;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondTrayAsksTheFirstToShowItselfAndStepsBack() throws Exception {
        Path socket = tmp.resolve("run/tray.sock");
        CountDownLatch shown = new CountDownLatch(1);
        try (SingleInstance first = SingleInstance.claim(socket, shown::countDown).orElseThrow()) {
            Optional<SingleInstance> second = SingleInstance.claim(socket, () -> { });
            assertTrue(second.isEmpty(), "the second start must step back");
            assertTrue(shown.await(5, TimeUnit.SECONDS), "the first was asked to show itself");
        }
    }

    @Test
    void aSocketLeftByACrashedTrayIsTakenOver() throws Exception {
        Path socket = tmp.resolve("run/tray.sock");
        Files.createDirectories(socket.getParent());
        Files.createFile(socket);
        try (SingleInstance only = SingleInstance.claim(socket, () -> { }).orElseThrow()) {
            assertTrue(Files.exists(socket));
        }
    }
}
