package dev.lanshare.service.cli;

import dev.lanshare.config.Settings;
import dev.lanshare.service.StatusFile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lanshare status}: running or not, port, host key, shares, sessions. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether the service runs, its port, host-key fingerprint, shares and sessions.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Optional<StatusFile.Status> status = StatusFile.read(home.dirs().statusFile());
        Settings settings = home.load();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("running", status.isPresent());
        status.ifPresent(s -> {
            out.put("name", s.name());
            out.put("port", s.port());
            out.put("fingerprint", s.fingerprint());
            out.put("sessions", s.sessions());
            out.put("since", s.started());
            out.put("pid", s.pid());
        });
        out.put("settings", home.dirs().settingsFile().toString());
        out.put("shares", settings.shares().stream().map(dev.lanshare.config.Share::name).toList());
        if (json) {
            System.out.println(Json.of(out));
            return Main.OK;
        }
        if (status.isEmpty()) {
            System.out.println("lanshare is not running. Start it with 'lanshare serve'.");
        } else {
            StatusFile.Status s = status.get();
            System.out.printf("lanshare is running as '%s' (pid %d) since %s%n", s.name(), s.pid(), s.started());
            System.out.printf("  port:        %d%n", s.port());
            System.out.printf("  host key:    %s%n", s.fingerprint());
            System.out.printf("  sessions:    %d%n", s.sessions());
        }
        System.out.printf("  shares:      %s%n", settings.shares().isEmpty() ? "none"
                : String.join(", ", settings.shares().stream().map(sh -> sh.name() + " (" + (sh.readOnly()
                        ? "read-only" : "read-write") + ")").toList()));
        System.out.printf("  settings:    %s%n", home.dirs().settingsFile());
        return Main.OK;
    }
}
