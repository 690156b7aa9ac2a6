package dev.lanshare.service.sharefs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import dev.lanshare.service.activity.ActivityLog;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialUploadsTest {
    @TempDir
    Path tmp;

    @Test
    void stalePartsAreRemoved_freshOnesKept_completedOnesForgotten() throws Exception {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        Path share = Files.createDirectories(tmp.resolve("share"));
        Path stale = Files.writeString(share.resolve("a.dwg.lanshare-part"), "half");
        Path fresh = Files.writeString(share.resolve("b.dwg.lanshare-part"), "half");
        Path done = share.resolve("c.dwg.lanshare-part");
        Path other = Files.writeString(share.resolve("d.dwg"), "a finished file, old");
        Files.setLastModifiedTime(stale, FileTime.from(now.minus(Duration.ofHours(25))));
        Files.setLastModifiedTime(fresh, FileTime.from(now.minus(Duration.ofHours(2))));
        Files.setLastModifiedTime(other, FileTime.from(now.minus(Duration.ofDays(300))));
        Path record = tmp.resolve("state/partial-uploads");
        try (ActivityLog log = ActivityLog.open(tmp.resolve("state/activity.log"))) {
            PartialUploads p = new PartialUploads(record, log, Clock.fixed(now, ZoneOffset.UTC));
            p.seen(stale);
            p.seen(fresh);
            p.seen(done);
            p.flush(); // as the server does every second and when it stops
            // a restart keeps the list
            PartialUploads after = new PartialUploads(record, log, Clock.fixed(now, ZoneOffset.UTC));
            after.sweep(Duration.ofHours(24));
        }
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(other), "only parts this server saw written are ever removed");
        String left = Files.readString(record);
        assertTrue(left.contains("b.dwg.lanshare-part") && !left.contains("a.dwg") && !left.contains("c.dwg"), left);
    }

    @Test
    void partsWrittenByClientsAreNoted() throws Exception {
        try (TestHome home = new TestHome(tmp)) {
            Path plans = home.folder("Plans");
            home.account("ann").share("Plans", plans, false, "ann:write");
            home.start();
            try (SftpClient sftp = home.login("ann");
                 OutputStream out = sftp.write("/Plans/big.dwg.lanshare-part")) {
                out.write(new byte[100]);
            }
            Path record = home.dirs().state().resolve("partial-uploads");
            String part = plans.resolve("big.dwg.lanshare-part").toString();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!(Files.exists(record) && Files.readString(record).contains(part))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100); // written out within a second
            }
            assertTrue(Files.readString(record).contains(part));
        }
    }

    /** Renamed into place or removed by a client, a part file leaves the list: it holds the uploads in flight. */
    @Test
    void partsRenamedOrRemovedByClientsLeaveTheList() throws Exception {
        try (TestHome home = new TestHome(tmp)) {
            Path plans = home.folder("Plans");
            home.account("ann").share("Plans", plans, false, "ann:write");
            home.start();
            Path record = home.dirs().state().resolve("partial-uploads");
            try (SftpClient sftp = home.login("ann")) {
                for (int i = 0; i < 20; i++) {
                    try (OutputStream out = sftp.write("/Plans/f" + i + ".dwg.lanshare-part")) {
                        out.write(new byte[10]);
                    }
                    sftp.rename("/Plans/f" + i + ".dwg.lanshare-part", "/Plans/f" + i + ".dwg");
                }
                try (OutputStream out = sftp.write("/Plans/gone.dwg.lanshare-part")) {
                    out.write(new byte[10]);
                }
                sftp.remove("/Plans/gone.dwg.lanshare-part");
                try (OutputStream out = sftp.write("/Plans/inflight.dwg.lanshare-part")) {
                    out.write(new byte[10]);
                }
            }
            List<String> inFlight = List.of(plans.resolve("inflight.dwg.lanshare-part").toString());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!(Files.exists(record) && Files.readAllLines(record).equals(inFlight))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100); // written out within a second
            }
            assertEquals(inFlight, Files.readAllLines(record), "only the upload in flight");
        }
    }
}
