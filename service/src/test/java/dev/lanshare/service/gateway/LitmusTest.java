package dev.lanshare.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The litmus WebDAV suite (Debian {@code litmus}) against the gateway over a real colleague's share. */
class LitmusTest {
    @TempDir
    Path tmp;
    Office office;

    @BeforeEach
    void start() throws Exception {
        office = new Office(tmp);
    }

    @AfterEach
    void stop() throws Exception {
        office.close();
    }

    @Test
    void basicCopymovePropsLocksAndHttpAllPass() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("litmus"));
        Run r = Run.of(work, "litmus", "-k", office.url("Plans"));
        System.out.println(r.output());
        for (String suite : new String[] {"basic", "copymove", "props", "locks", "http"}) {
            assertTrue(r.output().lines().anyMatch(l -> l.startsWith("<- summary for `" + suite + "': of ")
                    && l.contains("100.0%")), suite + " did not pass all:\n" + r.output());
        }
        assertEquals(0, r.exit(), r.output());
    }
}
