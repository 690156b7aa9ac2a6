package dev.lanshare.tray;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.NetworkPolicy;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.service.FirstRun;
import dev.lanshare.service.Service;
import dev.lanshare.service.control.ControlClient;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** A real lanshare service in a temporary home, on a free loopback port, as the tray's tests talk to it. */
public final class LiveService implements AutoCloseable {
    private final AppDirs dirs;
    private Service service;

    private LiveService(AppDirs dirs) {
        this.dirs = dirs;
    }

    /** A home with one account ("ann") and nothing shared; not started. */
    public static LiveService in(Path root) throws Exception {
        AppDirs dirs = AppDirs.under(root.resolve("home"));
        Settings settings = Settings.empty().withName("Test Office PC")
                .withNetwork(new NetworkPolicy(List.of("loopback")))
                .withAccount(new Account("ann", Optional.empty(), List.of()));
        SettingsFile.save(dirs.settingsFile(), settings);
        return new LiveService(dirs);
    }

    /**
     * A home as {@code lanshare serve}'s first run leaves it: an account with a random password (kept for the
     * owner to read until it is changed) and the user's Public folder shared; not started.
     */
    public static LiveService firstRun(Path root, String osUser) throws Exception {
        AppDirs dirs = AppDirs.under(root.resolve("home"));
        FirstRun.Defaults d = FirstRun.defaults(osUser, Files.createDirectories(root.resolve("user")));
        Settings settings = d.settings().withName("Test Office PC").withNetwork(new NetworkPolicy(List.of("loopback")));
        SettingsFile.save(dirs.settingsFile(), settings);
        FirstRun.keep(dirs, new FirstRun.Defaults(settings, d.account(), d.password(), d.folder()));
        return new LiveService(dirs);
    }

    public LiveService start() throws Exception {
        service = Service.start(new Service.Options(dirs, InetAddress.getLoopbackAddress(), 0));
        return this;
    }

    public void stop() throws Exception {
        service.close();
        service = null;
    }

    public AppDirs dirs() {
        return dirs;
    }

    public Service service() {
        return service;
    }

    /** The service's answer to {@code status} on its control channel. */
    public JsonNode status() throws Exception {
        try (ControlClient c = ControlClient.connect(dirs).orElseThrow()) {
            return c.request("status", Map.of());
        }
    }

    /** The share names the service reports on its control channel. */
    public List<String> shareNames() throws Exception {
        try (ControlClient c = ControlClient.connect(dirs).orElseThrow()) {
            List<String> names = new ArrayList<>();
            for (JsonNode s : c.request("shares.list", Map.of())) {
                names.add(s.path("name").asText());
            }
            return names;
        }
    }

    /** Polls {@code condition} for up to thirty seconds. */
    public static <T> T await(String what, ThrowingSupplier<T> value, Predicate<T> condition) throws Exception {
        // generous: a log-in checks a PBKDF2 hash of 600,000 rounds, seconds on a cold JVM on a busy 2-core machine
        AtomicReference<T> last = new AtomicReference<>();
        if (!within(30_000_000_000L, () -> {
            last.set(value.get());
            return condition.test(last.get());
        })) {
            throw new AssertionError("waited 30 s for " + what + "; last saw " + last.get());
        }
        return last.get();
    }

    /** Polls {@code condition} every 50 ms for up to {@code nanos}: whether it came true. */
    public static boolean within(long nanos, ThrowingSupplier<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + nanos;
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @FunctionalInterface
    public interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    @Override
    public void close() throws Exception {
        if (service != null) {
            service.close();
        }
    }
}
