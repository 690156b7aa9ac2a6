package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.AppDirs;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.service.Service;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery as a part of the service, without a network: the build sets {@code LANSHARE_DISCOVERY_INTERFACES=none}
 * for tests, so nothing is announced on this machine's own network.
 */
class ServiceDiscoveryTest {
    @Test
    void theServiceStartsDiscoveryWithAStableDeviceIdAndStopsItQuickly(@TempDir Path dir) throws Exception {
        assertEquals("none", System.getenv("LANSHARE_DISCOVERY_INTERFACES"), "set by the build for tests");
        AppDirs dirs = AppDirs.under(dir);
        SettingsFile.save(dirs.settingsFile(), Settings.empty().withName("Front desk"));
        String id;
        try (Service service = Service.start(new Service.Options(dirs, InetAddress.getLoopbackAddress(), 0))) {
            Discovery discovery = service.discovery().orElseThrow();
            id = discovery.deviceId();
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            assertEquals(id, Files.readString(dir.resolve("device_id")).trim());
            assertEquals("Front desk", discovery.announcedName());
            assertEquals(List.of(), discovery.peers());
        }
        long start = System.nanoTime();
        try (Service again = Service.start(new Service.Options(dirs, InetAddress.getLoopbackAddress(), 0))) {
            assertEquals(id, again.discovery().orElseThrow().deviceId());
        }
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "start and stop took too long");
    }

    @Test
    void discoveryCanBeSwitchedOff(@TempDir Path dir) throws Exception {
        AppDirs dirs = AppDirs.under(dir);
        SettingsFile.save(dirs.settingsFile(), Settings.empty());
        try (Service service = Service.start(new Service.Options(dirs, InetAddress.getLoopbackAddress(), 0,
                false))) {
            assertTrue(service.discovery().isEmpty());
        }
        assertTrue(Files.notExists(dir.resolve("device_id")));
    }
}
