package dev.lanshare.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Files a colleague changes while the gateway answers for them: every answer is of one version, whole. */
class ChangingFilesTest extends WithOffice {
    private static final long FIRST_SAVE = 1_600_000_000_000L;

    /** Save {@code i} of the drawing: its size and content tell it apart from the save before and after it. */
    private static byte[] save(int i) {
        byte[] b = new byte[i % 2 == 0 ? 300_000 : 1000];
        Arrays.fill(b, (byte) ('a' + i % 26));
        return b;
    }

    /**
     * A file saved over and over on the colleague (each save renamed over the old file, as programs save, each a
     * second after the one before) while it is downloaded whole and in ranges: each answer is one save, whole, with
     * that save's length, range and ETag. The size was read by name before the file was opened, so an answer could
     * be the first N bytes of the next save (N the old size) under the old ETag, or cut short.
     */
    @Test
    void aFileSavedDuringDownloadsComesAsOneVersionWhole() throws Exception {
        Path file = office.plans.resolve("drawing.bin");
        Path next = tmp.resolve("drawing.next");
        Files.write(file, save(0));
        Files.setLastModifiedTime(file, FileTime.fromMillis(FIRST_SAVE));
        AtomicBoolean saving = new AtomicBoolean(true);
        Thread saver = new Thread(() -> {
            try {
                for (int i = 1; saving.get(); i++) {
                    Files.write(next, save(i));
                    Files.setLastModifiedTime(next, FileTime.fromMillis(FIRST_SAVE + i * 1000L));
                    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Thread.sleep(20); // fifty saves a second
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        saver.start();
        List<String> wrong = new ArrayList<>();
        int whole = 0;
        int busy = 0;
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (int i = 0; i < 300; i++) {
                boolean ranged = i % 3 == 2;
                HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(plans + "drawing.bin"));
                if (ranged) {
                    get.header("Range", "bytes=500-");
                }
                HttpResponse<byte[]> r;
                try {
                    r = http.send(get.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (java.io.IOException e) {
                    wrong.add(i + ": broken download: " + e);
                    continue;
                }
                if (r.statusCode() == 503) {
                    busy++; // failed cleanly: it changed each time it was opened
                    continue;
                }
                // the save the ETag names ("SIZE-TIME", both hexadecimal)
                String etag = r.headers().firstValue("ETag").orElse("\"0-0\"");
                String[] parts = etag.replace("\"", "").split("-");
                int n = (int) ((Long.parseLong(parts[1], 16) - FIRST_SAVE) / 1000);
                byte[] version = save(n);
                byte[] expected = ranged ? Arrays.copyOfRange(version, 500, version.length) : version;
                String range = r.headers().firstValue("Content-Range").orElse("");
                boolean right = r.statusCode() == (ranged ? 206 : 200) && Arrays.equals(expected, r.body())
                        && Long.parseLong(parts[0], 16) == version.length
                        && (!ranged || range.equals("bytes 500-" + (version.length - 1) + "/" + version.length));
                if (!right) {
                    wrong.add(i + ": " + r.statusCode() + ", ETag " + etag + " (save " + n + "), " + r.body().length
                            + " bytes of " + (r.body().length > 0 ? (char) r.body()[0] : '-') + " " + range);
                } else {
                    whole++;
                }
            }
        } finally {
            saving.set(false);
            saver.join();
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())), wrong.size() + " of 300 wrong");
        assertTrue(whole >= 250, whole + " of 300 whole, " + busy + " refused as changing while opened");
    }

    /**
     * A COPY of a folder just listed, after files were made in it and in a folder in it on the colleague: the copy
     * holds them. It walked the listings the gateway keeps for 2 s, and left them out (so did a MOVE between
     * colleagues or disks, which copies the same way).
     */
    @Test
    void aCopyOfAFolderJustListedHoldsWhatWasMadeSince() throws Exception {
        Path dir = Files.createDirectories(office.plans.resolve("job/sub"));
        Files.writeString(dir.resolve("old.txt"), "old");
        for (String url : List.of(plans + "job/", plans + "job/sub/")) {
            assertEquals(207, Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", url).status());
        }
        Files.writeString(office.plans.resolve("job/new.txt"), "new");
        Files.writeString(dir.resolve("new-inside.txt"), "new inside");
        Files.createDirectories(dir.resolve("made"));
        Curl copy = Curl.of(tmp, "-X", "COPY", "-H", "Destination: " + plans + "job-copy/", plans + "job/");
        assertEquals(201, copy.status(), copy.body());
        Path copied = office.plans.resolve("job-copy");
        assertEquals("new", Files.readString(copied.resolve("new.txt")));
        assertEquals("new inside", Files.readString(copied.resolve("sub/new-inside.txt")));
        assertEquals("old", Files.readString(copied.resolve("sub/old.txt")));
        assertTrue(Files.isDirectory(copied.resolve("sub/made")));
    }
}
