package dev.lanshare.service.cli;

import dev.lanshare.config.Settings;
import dev.lanshare.service.FirstRun;
import dev.lanshare.service.control.Protocol;
import dev.lanshare.service.control.ServiceClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lanshare status}: running or not, port, host key, shares, sessions. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether the service runs, its port, host-key fingerprint, shares and sessions, and the "
                + "first-run account's password until it is changed.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    SettingsAccess home;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Optional<Protocol.Status> live = home.ask(ServiceClient::status);
        Settings settings = home.load();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("running", live.isPresent());
        live.ifPresent(s -> out.putAll(Json.map(s)));
        out.put("settings", home.dirs().settingsFile().toString());
        out.put("shares", settings.shares().stream().map(dev.lanshare.config.Share::name).toList());
        Optional<FirstRun.Notice> first = FirstRun.current(home.dirs(), settings);
        if (live.isEmpty()) {
            first.ifPresent(n -> out.put("firstRun", n.describe()));
        }
        if (json) {
            System.out.println(Json.of(out));
            return Main.OK;
        }
        if (live.isEmpty()) {
            System.out.println("lanshare is not running. Start it with 'lanshare serve'.");
        } else {
            Protocol.Status s = live.get();
            System.out.printf("lanshare is running as '%s' (pid %d) since %s%n", s.name(), s.pid(), s.since());
            System.out.printf("  port:        %d%n", s.port());
            System.out.printf("  host key:    %s%n", s.fingerprint());
            System.out.printf("  sessions:    %d%n", s.sessions());
            s.gatewayUrl().ifPresent(url -> System.out.printf(
                    "  colleagues:  %s (open in Finder, Explorer or any file manager)%n", url));
        }
        System.out.printf("  shares:      %s%n", settings.shares().isEmpty() ? "none"
                : String.join(", ", settings.shares().stream().map(sh -> sh.name() + " (" + (sh.readOnly()
                        ? "read-only" : "read-write") + ")").toList()));
        System.out.printf("  settings:    %s%n", home.dirs().settingsFile());
        first.ifPresent(n -> System.out.printf("Account '%s', password: %s (change it with: lanshare passwd %s)%n",
                n.account(), n.password(), n.account()));
        return Main.OK;
    }
}
