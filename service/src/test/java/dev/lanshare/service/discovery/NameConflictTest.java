package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.SettingsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two machines given the same display name: one is renamed once, and both names then stay as they are. */
class NameConflictTest {
    @Test
    void aNameTakenByAnotherMachineIsResolvedOnceAndKept(@TempDir Path dir) throws Exception {
        Office.require();
        try (Office office = new Office()) {
            Node anne = new Node(office.add("anne", dir.resolve("anne")));
            Node ben = new Node(office.add("ben", dir.resolve("ben")));
            for (Node n : List.of(anne, ben)) {
                SettingsFile.update(n.host.home.resolve("settings.yaml"), s -> s.withName("Front desk"));
            }
            anne.start();
            anne.awaitReady(Duration.ofSeconds(60));
            assertTrue(Node.waitFor(Duration.ofSeconds(10), () -> "Front desk".equals(anne.name())) >= 0);
            Thread.sleep(5000); // anne's name is announced before ben starts
            ben.start();
            ben.awaitReady(Duration.ofSeconds(60));
            long ms = Node.waitFor(Duration.ofSeconds(15), () -> "Front desk (2)".equals(ben.name())
                    && anne.peerNames().equals(List.of("Front desk (2)"))
                    && ben.peerNames().equals(List.of("Front desk")));
            System.out.printf("conflict: anne is '%s', ben is '%s' (%d ms); anne sees %s, ben sees %s%n",
                    anne.name(), ben.name(), ms, anne.peerNames(), ben.peerNames());
            assertTrue(ms >= 0, () -> anne.log() + "\n" + ben.log());
            Thread.sleep(10_000); // no renaming back and forth
            assertEquals(Set.of("Front desk", "Front desk (2)"), Set.of(anne.name(), ben.name()));
            assertEquals(List.of("Front desk (2)"), anne.peerNames());
            assertTrue(ben.log().contains("announcing as 'Front desk (2)'"), ben.log());
        }
    }
}
