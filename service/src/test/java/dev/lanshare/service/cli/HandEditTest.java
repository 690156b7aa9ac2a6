package dev.lanshare.service.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.SettingsFile;
import dev.lanshare.service.TestHome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A settings file edited by hand while the service runs: commands never overwrite it (issue 16). */
class HandEditTest {
    @TempDir
    Path tmp;
    TestHome home;
    Path file;
    PrintStream oldErr;
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        home.account("ann").start();
        file = home.dirs().settingsFile();
        oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        System.setErr(oldErr);
        home.close();
    }

    private int run(String... args) {
        err.reset();
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--home";
        all[args.length + 1] = home.dirs().config().toString();
        return Main.run(all);
    }

    @Test
    void aBrokenFileIsRefusedWithItsProblemsAndLeftByteForByte() throws Exception {
        Path plans = home.folder("Plans");
        String broken = Files.readString(file).replace("accounts:", "accounts:\n  - name: [unclosed\n");
        Files.writeString(file, broken);
        byte[] before = Files.readAllBytes(file);
        Thread.sleep(1200); // the service has seen the broken file and kept the last good settings

        assertEquals(Main.FAILED, run("share", plans.toString(), "--name", "X"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(file + ":"), "names the file and line: " + err);
        assertArrayEquals(before, Files.readAllBytes(file), "the hand edit is kept byte for byte");
        assertFalse(home.service().settings().share("X").isPresent());
        assertTrue(home.service().settings().account("ann").isPresent(), "still serving the last good settings");

        assertEquals(Main.FAILED, run("user", "remove", "ann"));
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aValidHandEditNotYetAppliedIsKeptByTheNextCommand() throws Exception {
        Path plans = home.folder("Plans");
        Path notes = home.folder("Notes");
        String edited = Files.readString(file) + "\n# my own note\n";
        Files.writeString(file, edited.replace("shares: []", "shares:\n  - name: Notes\n    folder: " + notes
                + "\n    access:\n      ann: read\n"));
        assertEquals(0, run("share", plans.toString(), "--name", "X"));
        var saved = SettingsFile.load(file);
        assertTrue(saved.share("Notes").isPresent(), "the hand edit: " + Files.readString(file));
        assertTrue(saved.share("X").isPresent());
        assertEquals(saved, home.service().settings());
    }
}
