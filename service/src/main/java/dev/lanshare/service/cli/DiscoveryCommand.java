package dev.lanshare.service.cli;

import dev.lanshare.service.discovery.Discovery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lanshare discovery domain NAME}: unicast DNS-SD in the office's DNS domain. */
@Command(name = "discovery", mixinStandardHelpOptions = true, subcommands = {DiscoveryCommand.Domain.class},
        description = "Where this machine looks for colleagues beyond its own network.")
final class DiscoveryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("say what to set: lanshare discovery domain NAME [--server HOST[:PORT]] [--tsig-key FILE]");
    }

    @Command(name = "domain", mixinStandardHelpOptions = true,
            description = "Register in and browse an office DNS domain (unicast DNS-SD, DNS UPDATE with TSIG).")
    static final class Domain implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "The DNS domain, such as office.example.")
        String domain;

        @Option(names = "--server", paramLabel = "HOST[:PORT]",
                description = "The DNS server that takes the updates (default: the zone's primary).")
        String server;

        @Option(names = "--tsig-key", paramLabel = "FILE", description = "The TSIG key, as tsig-keygen prints it.")
        Path key;

        @Option(names = "--off", description = "Stop using a DNS domain.")
        boolean off;

        @Override
        public Integer call() {
            if (off == (domain != null)) {
                throw new UserError("give a domain NAME, or --off");
            }
            try {
                Path file = Discovery.setWideArea(home.dirs().config(), off ? null : domain, server, key);
                System.out.println((off ? "Unicast DNS-SD is off (" : "Saved to ") + file + (off ? ")" : "")
                        + "; restart the service ('lanshare serve') for it to take effect.");
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            return Main.OK;
        }
    }
}
