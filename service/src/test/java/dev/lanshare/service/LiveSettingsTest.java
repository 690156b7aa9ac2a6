package dev.lanshare.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Access;
import dev.lanshare.config.Share;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings changed while clients are connected take effect for them at once. */
class LiveSettingsTest {
    @TempDir
    Path tmp;
    TestHome home;
    Path plans;
    SftpClient ann;

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        plans = home.folder("Plans");
        Files.createDirectories(plans.resolve("sub"));
        Files.write(plans.resolve("big.bin"), new byte[1024 * 1024]);
        Files.writeString(plans.resolve("sub/a.txt"), "a");
        home.account("ann").share("Plans", plans, false, "ann:write");
        home.start();
        ann = home.login("ann");
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
    }

    @Test
    void unsharingClosesTheShareToConnectedClients() throws Exception {
        try (SftpClient.CloseableHandle open = ann.open("/Plans/big.bin", EnumSet.of(OpenMode.Read))) {
            byte[] buf = new byte[4096];
            assertEquals(4096, ann.read(open, 0, buf, 0, buf.length));

            home.change(s -> s.withoutShare("Plans"));

            assertThrows(IOException.class, () -> ann.read(open, 4096, buf, 0, buf.length),
                    "a file opened before unsharing can no longer be read");
        }
        assertThrows(Exception.class, () -> ann.readDir("/Plans").iterator().hasNext());
        assertThrows(IOException.class, () -> {
            try (InputStream in = ann.read("/Plans/sub/a.txt")) {
                in.readAllBytes();
            }
        });
        List<String> top = names(ann.readDir("/"));
        assertEquals(List.of(), top);
    }

    @Test
    void turningReadOnlyClosesFilesOpenForWriting() throws Exception {
        try (SftpClient.CloseableHandle out = ann.open("/Plans/new.txt", EnumSet.of(OpenMode.Write,
                OpenMode.Create))) {
            ann.write(out, 0, "first".getBytes(StandardCharsets.UTF_8));
            home.change(s -> s.withShare(s.share("Plans").orElseThrow().withReadOnly(true)));
            assertThrows(IOException.class, () -> ann.write(out, 5, "second".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals("first", Files.readString(plans.resolve("new.txt")));
        try (InputStream in = ann.read("/Plans/sub/a.txt")) {
            assertEquals("a", new String(in.readAllBytes(), StandardCharsets.UTF_8), "reading still works");
        }
    }

    @Test
    void aNewShareAppearsWithoutReconnecting() throws Exception {
        Path more = home.folder("More");
        home.change(s -> s.withShare(new Share("More", more, true, Map.of("ann", Access.READ))));
        assertEquals(List.of("More", "Plans"), names(ann.readDir("/")));
    }

    @Test
    void aBadHandEditIsReportedAndTheLastGoodSettingsStay() throws Exception {
        Path file = home.dirs().settingsFile();
        String good = Files.readString(file);
        Files.writeString(file, good.replace("shares:", "shares: [oops") + "\nnonsense: 1\n");
        Thread.sleep(3 * Service.WATCH_MILLIS);
        assertEquals(List.of("Plans"), names(ann.readDir("/")));
        assertTrue(home.service().settings().share("Plans").isPresent());
        // and a good edit after it is applied
        Files.writeString(file, good.replace("read-only: false", "read-only: true").replace("ann: write", "ann: read"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!home.service().settings().share("Plans").orElseThrow().readOnly()) {
            assertTrue(System.nanoTime() < deadline, "the good edit was applied within 5 s");
            Thread.sleep(50);
        }
    }

    private static List<String> names(Iterable<SftpClient.DirEntry> entries) {
        List<String> out = new java.util.ArrayList<>();
        entries.forEach(e -> out.add(e.getFilename()));
        out.removeAll(List.of(".", ".."));
        out.sort(null);
        return out;
    }
}
