package dev.lanshare.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code lanshare} commands in this JVM as the user of one home folder does, and keeps what each printed:
 * standard output and error are this console's from its making until {@link #close}.
 */
public final class CommandConsole implements AutoCloseable {
    private final Path home;
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    public CommandConsole(Path home) {
        this.home = home;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Runs {@code lanshare ARGS --home HOME}; its exit code. */
    public int run(String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString()));
        return Main.run(all.toArray(new String[0]));
    }

    /** What the last command printed on standard output. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the last command printed on standard error. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** All the last command printed, output then errors. */
    public String said() {
        return out() + err();
    }

    /** Connects once to {@code peer}, so that the line a first connection says is not among what tests' commands say. */
    public void firstContact(String peer) {
        run("ls", peer); // the key is remembered before logging in, whether the guest may log in or not
        assertTrue(said().contains("first connection to " + peer), said());
    }

    @Override
    public void close() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }
}
