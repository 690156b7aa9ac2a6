package dev.lanshare.service.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The activity log's files are the owner's alone: the first, those rotated, and the new one after a rotation. */
class ActivityLogTest {
    @TempDir
    Path tmp;

    @Test
    void everyFileIsReadableByItsOwnerAloneAlsoAfterARotation() throws Exception {
        Path file = tmp.resolve("activity.log");
        ActivityLog log = ActivityLog.open(file);
        try {
            log.record("session-opened", "account", "ann", "address", "198.18.0.2");
            log.rotate();
            log.record("read", "account", "ann", "path", "/Plans/site plan.dwg");
        } finally {
            log.close();
        }
        assertTrue(Files.readString(file.resolveSibling("activity.log.1")).contains("session-opened account=ann"));
        assertTrue(Files.readString(file).contains("read account=ann path=\"/Plans/site plan.dwg\""));
        for (Path p : new Path[] {file, file.resolveSibling("activity.log.1")}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
    }
}
