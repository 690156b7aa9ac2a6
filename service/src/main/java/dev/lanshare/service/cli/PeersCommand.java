package dev.lanshare.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lanshare peers}: the other lanshare machines the running service has found. */
@Command(name = "peers", mixinStandardHelpOptions = true,
        description = "List the colleagues' machines found on the network, with their shares and sftp:// address.")
final class PeersCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode peers = home.ask("peers.list", Map.of()).orElseThrow(() -> new UserError(
                "the service is not running, so nobody is being looked for; start it with 'lanshare serve'"));
        if (json) {
            System.out.println(Json.of(peers));
            return Main.OK;
        }
        if (peers.isEmpty()) {
            System.out.println("No other lanshare machines found yet.");
        }
        for (JsonNode p : peers) {
            System.out.printf("%-24s %s%n", p.path("name").asText(), p.path("url").asText());
            for (JsonNode s : p.path("shares")) {
                System.out.printf("    %-20s %s%n", s.path("name").asText(),
                        s.path("readOnly").asBoolean() ? "read-only" : "read-write");
            }
        }
        return Main.OK;
    }
}
