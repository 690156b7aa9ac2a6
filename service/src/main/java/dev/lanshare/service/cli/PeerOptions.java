package dev.lanshare.service.cli;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.control.ServiceClient;
import dev.lanshare.service.peer.PeerAddress;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerInfo;
import dev.lanshare.service.peer.PeerResolver;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.RememberedPasswords;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How the peer commands find a colleague's machine and log in to it. */
final class PeerOptions {
    @Mixin
    SettingsAccess home;

    @Option(names = {"-u", "--user"}, paramLabel = "ACCOUNT",
            description = "Log in with this account on the peer (default: a remembered one, else guest).")
    String user;

    @Option(names = "--password-stdin", description = "Read the account's password from standard input.")
    boolean passwordStdin;

    @Option(names = "--remember", description = "Remember this account and password for the peer (owner-only file).")
    boolean remember;

    /** Ask for the password even when one is remembered for this account ({@code lanshare login}). */
    boolean askPassword;

    PeerTarget target(PeerAddress address) throws IOException, PeerException {
        List<PeerInfo> peers = home.ask(ServiceClient::peers).orElse(List.of());
        return PeerResolver.resolve(address.peer(), peers);
    }

    PeerClient connect(PeerTarget peer) throws IOException, PeerException {
        AppDirs dirs = home.dirs();
        RememberedPasswords remembered = new RememberedPasswords(dirs.peerPasswords());
        PeerClient.Credentials credentials;
        if (user == null) {
            credentials = remembered.get(peer.trustId()).orElse(PeerClient.Credentials.guest());
        } else if (!passwordStdin && !askPassword && remembered.get(peer.trustId())
                .filter(c -> c.user().equals(user)).isPresent()) {
            credentials = remembered.get(peer.trustId()).get();
        } else {
            credentials = new PeerClient.Credentials(user, password(peer));
        }
        PeerClient client = PeerClient.open(peer, credentials, dirs);
        if (remember) {
            remembered.remember(peer.trustId(), credentials);
        }
        return client;
    }

    private String password(PeerTarget peer) throws IOException {
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return Optional.ofNullable(line).orElse("");
        }
        Console console = System.console();
        if (console == null) {
            return ""; // the client key may still get us in
        }
        char[] pw = console.readPassword("Password of %s on %s (empty to use this machine's key): ", user,
                peer.label());
        return pw == null ? "" : new String(pw);
    }
}
