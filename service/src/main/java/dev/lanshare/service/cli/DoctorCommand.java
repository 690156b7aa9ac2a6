package dev.lanshare.service.cli;

import dev.lanshare.config.Settings;
import dev.lanshare.service.Hosts;
import dev.lanshare.service.control.Protocol.Finding;
import dev.lanshare.service.discovery.Discovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lanshare doctor [PEER]}: why a colleague is not seen. The running service answers (it owns the mDNS
 * responders); without one, the same checks run here, and the first finding says that nothing is announced.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Explain why a colleague's machine is not seen, or this one is not seen by them: the "
                + "network interfaces used, mDNS traffic from other machines, the firewall, a name conflict, and "
                + "whether PEER answers and on which subnet it is. Takes a few seconds.",
            "Exit code: 0 when nothing is wrong, 1 when a problem was found."})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    SettingsAccess home;

    @Parameters(arity = "0..1", paramLabel = "PEER",
            description = "A colleague's name as 'lanshare peers' shows it, or HOST[:PORT].")
    String peer;

    @Option(names = "--json", description = "Print JSON: a list of {check, level, found, cause, action}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Finding> findings = home.ask(c -> c.doctor(peer)).orElse(null);
        if (findings == null) {
            findings = stopped();
        }
        print(findings);
        return findings.stream().anyMatch(f -> f.level() == Finding.Level.PROBLEM) ? Main.FAILED : Main.OK;
    }

    private List<Finding> stopped() throws Exception {
        Settings s = home.load();
        List<Finding> out = new ArrayList<>();
        out.add(Finding.problem("service", "the lanshare service is not running",
                "nothing announces this machine, so no colleague can see it", "start it: lanshare serve"));
        out.addAll(Discovery.diagnoseStopped(s.displayName(Hosts.hostName()), s.port(), peer));
        return out;
    }

    private void print(List<Finding> findings) {
        if (json) {
            System.out.println(Json.of(findings));
            return;
        }
        for (Finding f : findings) {
            String level = f.level().wire();
            System.out.printf("%-8s %s%n", f.level() == Finding.Level.OK ? level : level.toUpperCase(Locale.ROOT),
                    f.found());
            if (!f.cause().isEmpty()) {
                System.out.println("         why: " + f.cause());
            }
            if (!f.action().isEmpty()) {
                System.out.println("         do:  " + f.action());
            }
        }
    }
}
