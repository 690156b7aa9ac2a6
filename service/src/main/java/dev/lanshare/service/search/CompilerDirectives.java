package dev.lanshare.service.search;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HotSpot's optimising compiler (C2) away from the index's code: Lucene's methods, this package's and the
 * share walk's are compiled by C1 only; everything else (encryption, the SFTP server, the JDK's file code) as
 * before. A build runs thousands of Lucene methods once through, and C2 compiling them cost more CPU than they
 * ran: building a million files' index, the JVM's compilers spent 13.8 s of the build's 26.6 s of CPU (a flight
 * recording). Without C2 on that code the build's CPU went from 23.9 s to 16.7 s and its time from 12.5 s to
 * 9.0 s, queries no slower (25 ms against 23 ms) and resident memory after the build 112 -> 86 MB ({@code
 * bench/run --search}, 3 rounds each, same day).
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

    private CompilerDirectives() {
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
