package dev.lanshare.service.cli;

import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsException;
import dev.lanshare.config.Share;
import dev.lanshare.service.FirstRun;
import dev.lanshare.service.control.Protocol;
import dev.lanshare.service.control.ServiceClient;
import java.util.LinkedHashMap;
import java.util.List;
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
        List<Share> shares;
        Optional<FirstRun.Notice> first;
        SettingsException problems = null;
        try {
            Settings settings = home.load();
            shares = settings.shares();
            first = FirstRun.current(home.dirs(), settings);
        } catch (SettingsException e) {
            if (live.isEmpty()) {
                throw e;
            }
            // a running service keeps the last good settings: say so, with what it shares now, and the problems
            problems = e;
            shares = home.ask(ServiceClient::shares).orElse(List.of());
            first = Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("running", live.isPresent());
        live.ifPresent(s -> out.putAll(Json.map(s)));
        out.put("settings", home.dirs().settingsFile().toString());
        out.put("shares", shares.stream().map(Share::name).toList());
        if (live.isEmpty()) {
            first.ifPresent(n -> out.put("firstRun", n.describe()));
        }
        if (problems != null) {
            out.put("settingsProblems", problems.getMessage().lines().toList());
        }
        if (json) {
            System.out.println(Json.of(out));
            return problems == null ? Main.OK : Main.FAILED;
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
        System.out.printf("  shares:      %s%n", shares.isEmpty() ? "none"
                : String.join(", ", shares.stream().map(sh -> sh.name() + " (" + (sh.readOnly()
                        ? "read-only" : "read-write") + ")").toList()));
        System.out.printf("  settings:    %s%n", home.dirs().settingsFile());
        if (problems != null) {
            System.out.println("The settings file has problems; the service keeps the last good settings (above) "
                    + "until it is mended:");
            problems.getMessage().lines().forEach(l -> System.out.println("  " + l));
            return Main.FAILED;
        }
        first.ifPresent(n -> System.out.printf("Account '%s', password: %s (change it with: lanshare passwd %s)%n",
                n.account(), n.password(), n.account()));
        return Main.OK;
    }
}
