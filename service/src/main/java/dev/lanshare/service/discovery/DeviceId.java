package dev.lanshare.service.discovery;

import dev.lanshare.config.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This machine's device id: 128 random bits in hex, made once and kept in the config folder, so that peers know
 * it across restarts, new addresses and new names (and recognise their own announcements).
 */
final class DeviceId {
    static final String FILE = "device_id";

    private DeviceId() {
    }

    static String loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) < 100) {
            String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (id.matches("[0-9a-f]{32}")) {
                return id;
            }
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        AtomicFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.US_ASCII));
        return id;
    }
}
