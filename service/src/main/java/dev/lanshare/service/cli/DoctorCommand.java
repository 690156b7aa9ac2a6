package dev.lanshare.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.config.Settings;
import dev.lanshare.service.Hosts;
import dev.lanshare.service.discovery.Discovery;
import dev.lanshare.service.discovery.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        JsonNode findings = home.ask(c -> c.doctor(peer)).orElse(null);
        if (findings == null) {
            findings = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(stopped());
        }
        print(findings);
        boolean problem = false;
        for (JsonNode f : findings) {
            problem |= f.path("level").asText().equals("problem");
        }
        return problem ? Main.FAILED : Main.OK;
    }

    private List<Map<String, Object>> stopped() throws Exception {
        Settings s = home.load();
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        out.add(new Finding("service", Finding.Level.PROBLEM, "the lanshare service is not running",
                "nothing announces this machine, so no colleague can see it", "start it: lanshare serve")
                .describe());
        Discovery.diagnoseStopped(s.displayName(Hosts.hostName()), s.port(), peer).stream()
                .map(Finding::describe).forEach(out::add);
        return out;
    }

    private void print(JsonNode findings) {
        if (json) {
            System.out.println(Json.of(findings));
            return;
        }
        for (JsonNode f : findings) {
            String level = f.path("level").asText();
            System.out.printf("%-8s %s%n", level.equals("ok") ? "ok" : level.toUpperCase(java.util.Locale.ROOT),
                    f.path("found").asText());
            if (!f.path("cause").asText().isEmpty()) {
                System.out.println("         why: " + f.path("cause").asText());
            }
            if (!f.path("action").asText().isEmpty()) {
                System.out.println("         do:  " + f.path("action").asText());
            }
        }
    }
}
