package dev.lanshare.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lanshare status} and {@code shares} against a real service whose settings file was broken by hand after it started. */
class StatusCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aBrokenSettingsFileIsShownBesideWhatTheRunningServiceKeeps() throws Exception {
        TestHome home = new TestHome(tmp);
        Path plans = home.folder("Plans");
        home.account("ann").share("Plans", plans, true, "ann:read").start();
        try (home) {
            Files.writeString(home.dirs().settingsFile(), "version: 1\nshares:\n  - name: [oops\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream old = System.out;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = Main.run("status", "--home", home.dirs().config().toString());
            } finally {
                System.setOut(old);
            }
            String said = out.toString(StandardCharsets.UTF_8);
            assertEquals(Main.FAILED, exit, said);
            assertTrue(said.startsWith("lanshare is running as "), said);
            assertTrue(said.contains("  shares:      Plans (read-only)\n"), "what the service serves now: " + said);
            assertTrue(said.contains("The settings file has problems; the service keeps the last good settings")
                    && said.contains("not valid YAML"), said);

            out.reset();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                exit = Main.run("shares", "--home", home.dirs().config().toString());
            } finally {
                System.setOut(old);
            }
            said = out.toString(StandardCharsets.UTF_8);
            assertEquals(Main.FAILED, exit, said);
            assertTrue(said.startsWith("Plans ") && said.contains("read-only") && said.contains(plans.toString()),
                    "shares lists what the service serves now: " + said);
            assertTrue(said.contains("The settings file has problems; the service keeps the shares above")
                    && said.contains("not valid YAML"), said);
        }
    }
}
