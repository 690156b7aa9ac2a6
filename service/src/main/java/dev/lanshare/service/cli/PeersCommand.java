package dev.lanshare.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.service.control.ServiceClient;
import dev.lanshare.service.peer.PeerInfo;
import java.io.Console;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lanshare peers}: the other lanshare machines the running service has found, or was given by address. */
@Command(name = "peers", mixinStandardHelpOptions = true,
        subcommands = {PeersCommand.Add.class, PeersCommand.Remove.class},
        description = "List the colleagues' machines found on the network, with their shares and sftp:// address.")
final class PeersCommand implements Callable<Integer> {
    private static final String NOT_RUNNING =
            "the service is not running, so nobody is being looked for; start it with 'lanshare serve'";

    @Mixin
    SettingsAccess home;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<PeerInfo> peers = home.ask(ServiceClient::peers).orElseThrow(() -> new UserError(NOT_RUNNING));
        if (json) {
            System.out.println(Json.of(peers));
            return Main.OK;
        }
        if (peers.isEmpty()) {
            System.out.println("No other lanshare machines found yet.");
        }
        for (PeerInfo p : peers) {
            // names as the machines announce them: a line end in one would start what looks like another machine
            System.out.printf("%-24s %s%s%n", ControlCharacters.shown(p.name()), p.url(), p.source().equals("manual") ? "  (added by hand)"
                    : p.source().equals("introduced") ? "  (introduced by another machine)"
                    : p.source().equals("dns-sd") ? "  (found in the office DNS domain)" : "");
            for (PeerInfo.ShareInfo s : p.shares()) {
                System.out.printf("    %-20s %s%n", ControlCharacters.shown(s.name()), access(s));
            }
        }
        return Main.OK;
    }

    /** How a colleague's share may be opened: read-only or read-write, by guests or only with an account there. */
    static String access(PeerInfo.ShareInfo s) {
        return (s.readOnly() ? "read-only" : "read-write") + (s.guests() ? ", open to guests" : ", accounts only");
    }

    /** {@code lanshare peers add HOST[:PORT]}: a colleague on another subnet, checked by its host key. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a colleague's machine by address, for one that is not found on its own (another "
                    + "subnet or floor: multicast does not cross routers). Its host key is shown for you to check "
                    + "with its owner ('lanshare status' on that machine), then pinned.",
                    "The machines it knows are listed too, and it learns the ones this machine knows."})
    static final class Add implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Parameters(paramLabel = "HOST[:PORT]", description = "Its address (the port defaults to 2222).")
        String address;

        @Option(names = "--fingerprint", paramLabel = "SHA256:...",
                description = "The host-key fingerprint its owner read you; without it you are asked to confirm.")
        String fingerprint;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            String fp = fingerprint;
            if (fp == null) {
                JsonNode met = ask("");
                JsonNode c = met.path("confirm");
                String seen = c.path("fingerprint").asText();
                System.out.printf("%s is '%s' (device %s), with host key%n    %s%n", met.path("address").asText(),
                        c.path("name").asText(), c.path("deviceId").asText(), seen);
                Console console = System.console();
                if (console == null) {
                    throw new UserError("check this fingerprint with the owner of that machine ('lanshare status' "
                            + "there), then run: lanshare peers add " + address + " --fingerprint " + seen);
                }
                String yes = console.readLine("Is this the fingerprint its owner sees? [y/N] ");
                if (yes == null || !yes.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                    throw new UserError("not added");
                }
                fp = seen;
            }
            JsonNode added = ask(fp);
            if (json) {
                System.out.println(Json.of(added));
            } else {
                System.out.printf("Added %s ('%s'); it is listed in 'lanshare peers' within seconds.%n",
                        added.path("address").asText(), added.path("added").path("name").asText());
            }
            return Main.OK;
        }

        private JsonNode ask(String fp) throws java.io.IOException {
            return home.ask(c -> c.addPeer(address, fp)).orElseThrow(() -> new UserError(
                    "the service is not running; start it with 'lanshare serve': it contacts the machine"));
        }
    }

    /** {@code lanshare peers remove HOST[:PORT]}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Forget a machine added by address.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Parameters(paramLabel = "HOST[:PORT]", description = "The address it was added with.")
        String address;

        @Override
        public Integer call() throws Exception {
            String removed = home.ask(c -> c.removePeer(address)).orElseThrow(() -> new UserError(NOT_RUNNING));
            System.out.println("Removed " + removed + ".");
            return Main.OK;
        }
    }
}
