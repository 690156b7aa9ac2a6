package dev.lanshare.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lanshare.config.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the running service tells the {@code lanshare} command about itself: kept in the state folder, owner-only,
 * rewritten when something in it changes, removed on a clean stop. A file whose process is gone means "not
 * running".
 */
public final class StatusFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param port the port in use (the preferred one may have been taken) */
    public record Status(long pid, String name, int port, String fingerprint, int sessions, String started,
            String settingsFile) {
    }

    private StatusFile() {
    }

    static void write(Path file, Status status) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(status));
    }

    /** The status of a live service, or empty when none is running for this home. */
    public static Optional<Status> read(Path file) {
        try {
            Status s = JSON.readValue(Files.readAllBytes(file), Status.class);
            return ProcessHandle.of(s.pid()).filter(ProcessHandle::isAlive).map(p -> s);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is recognised by its dead pid
        }
    }
}
