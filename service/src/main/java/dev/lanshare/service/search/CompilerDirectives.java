package dev.lanshare.service.search;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HotSpot's optimising compiler (C2) away from the index's code: Lucene's methods, this package's and the
 * share walk's are compiled by C1 only; everything else (encryption, the SFTP server, the JDK's file code) as
 * before. A build makes thousands of Lucene methods hot for a few seconds and then stops, so C2's work on them is
 * hardly paid back: in a flight recording of one build of a million files' index the compiler statistics counted
 * 13.8 s of compiling (the build took 26.6 s of CPU), 7.5 s with these directives. Against the code before
 * ({@code bench/run --search}, alternating, a noisy evening): resident memory 1 s after the build 85-104 MB
 * instead of 102-110, build time and CPU within the spread, queries no slower; the whole service built about 2 s
 * sooner. docs/search.md has the numbers.
 *
 * <p>Added at run time through the JVM's diagnostic command MBean (jcmd's {@code Compiler.directives_add}), not
 * with {@code -XX:CompilerDirectivesFile}: that flag prints "1 compiler directives added" on standard output at
 * every start, and every {@code lanshare} command shares the service's flags; and a missing file would stop the
 * JVM from starting. Here, where the MBean is missing (a runtime without {@code jdk.management} and
 * {@code jdk.jfr}, whose absence hides the compiler commands), the index works as before, only slower to build.
 */
final class CompilerDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(CompilerDirectives.class);
    static final String DIRECTIVES = """
            [{ match: ["org/apache/lucene/*.*", "dev/lanshare/service/search/*.*",
                       "dev/lanshare/service/sharefs/ShareTree*.*"],
               c2: { Exclude: true } }]
            """;
    /** Whether the directives were added; null before the first try. */
    private static Boolean added;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private CompilerDirectives() {
    }

    /**
     * Adds the directives on a thread of their own, once per JVM, so that the index's first pass does not wait for
     * them: setting up the JVM's management beans takes 0.15 s on a quiet machine and more on a busy one. A method
     * compiled before they arrive keeps its code; within that time hardly any has been run often enough.
     */
    static void addInBackground() {
        if (STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(CompilerDirectives::addOnce, "lanshare-compiler-directives");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Adds the directives, once per JVM; says whether they are in place. */
    static synchronized boolean addOnce() {
        if (added == null) {
            added = add();
        }
        return added;
    }

    private static boolean add() {
        Path file = null;
        try {
            file = Files.createTempFile("lanshare-c1", ".json");
            Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
            String answer = String.valueOf(diagnostic("compilerDirectivesAdd", file.toString())).strip();
            LOG.debug("search index: compiler directives: {}", answer);
            return answer.startsWith("1 compiler directives added");
        } catch (IOException | JMException | RuntimeException e) {
            LOG.debug("search index: the index's code is compiled as any other ({})", e.toString());
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a left temporary file of directives is harmless
                }
            }
        }
    }

    /** Runs one of the JVM's diagnostic commands (as jcmd does) and returns what it printed. */
    static Object diagnostic(String command, String... args) throws JMException {
        return ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), command, new Object[] {args},
                new String[] {String[].class.getName()});
    }
}
