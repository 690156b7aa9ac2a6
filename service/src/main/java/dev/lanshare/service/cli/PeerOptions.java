package dev.lanshare.service.cli;

import dev.lanshare.service.control.ServiceClient;
import dev.lanshare.service.peer.Copier;
import dev.lanshare.service.peer.PeerAddress;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerInfo;
import dev.lanshare.service.peer.PeerResolver;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.Progress;
import dev.lanshare.service.peer.RememberedPasswords;
import dev.lanshare.service.peer.Transfers;
import dev.lanshare.service.peer.TrustStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    /**
     * A colleague given by address that announced no fingerprint and whose key is not remembered yet: its key is
     * taken as it is at the first connection, and said then ({@link #sayIfFirstContact}).
     */
    private PeerTarget firstContact;

    PeerTarget target(PeerAddress address) throws IOException, PeerException {
        List<PeerInfo> peers = home.ask(ServiceClient::peers).orElse(List.of());
        PeerTarget target = PeerResolver.resolve(address.peer(), peers);
        if (target.fingerprint().isEmpty() && trust().key(target.trustId()).isEmpty()) {
            firstContact = target;
        }
        return target;
    }

    private TrustStore trust() {
        return TrustStore.of(home.dirs());
    }

    /**
     * Says once, on standard error, the host key remembered at the first connection to a colleague that announced
     * none (given as HOST:PORT), and how to check it, as OpenSSH does at first contact; never asks (scripts).
     * Later connections compare with it and say nothing. Whether this command or the service connected.
     */
    void sayIfFirstContact() {
        if (firstContact == null) {
            return;
        }
        try {
            Optional<String> seen = trust().fingerprint(firstContact.trustId());
            if (seen.isPresent()) {
                System.err.println("lanshare: first connection to " + firstContact.label() + ": its host key "
                        + seen.get() + " is remembered now; check it against what 'lanshare status' shows on "
                        + "that machine");
                firstContact = null;
            }
        } catch (IOException e) {
            // the file could not be read: the next connection checks the key anyway
        }
    }

    PeerClient connect(PeerTarget peer) throws IOException, PeerException {
        return open(peer, credentials(peer));
    }

    private PeerClient open(PeerTarget peer, PeerClient.Credentials credentials) throws IOException, PeerException {
        PeerClient client;
        try {
            client = PeerClient.open(peer, credentials, home.dirs());
        } finally {
            sayIfFirstContact(); // the key is remembered before logging in, which may still fail
        }
        if (remember) {
            new RememberedPasswords(home.dirs().peerPasswords()).remember(peer.trustId(), credentials);
        }
        return client;
    }

    /** The account to log in to {@code peer} with: {@code -u}'s (its password asked), a remembered one, the guest. */
    private PeerClient.Credentials credentials(PeerTarget peer) throws IOException {
        RememberedPasswords remembered = new RememberedPasswords(home.dirs().peerPasswords());
        if (user == null) {
            return remembered.get(peer.trustId()).orElse(PeerClient.Credentials.guest());
        } else if (!passwordStdin && !askPassword && remembered.get(peer.trustId())
                .filter(c -> c.user().equals(user)).isPresent()) {
            return remembered.get(peer.trustId()).get();
        }
        return new PeerClient.Credentials(user, password(peer));
    }

    /** One copy's work, given who makes it. */
    @FunctionalInterface
    interface CopyStep {
        void copy(Copier copier) throws PeerException, IOException;
    }

    /**
     * Makes a copy with {@code peer}: through the running service ({@code peer.copy}), on the connection it keeps to
     * that colleague (shared with its gateway and earlier copies) with its code warm, so that a copy pays neither a
     * new SSH session nor a cold start; when no service runs, on a connection of this command's own.
     *
     * @param named the colleague as the user wrote it (the service finds it in its own peer list)
     */
    void copy(String named, PeerTarget peer, Transfers.Options options, Progress progress, CopyStep step)
            throws IOException, PeerException {
        PeerClient.Credentials credentials = credentials(peer);
        Optional<Copier> service = ServiceClient.copier(home.dirs(), named, credentials, options,
                saidFirst(progress));
        if (service.isEmpty()) {
            try (PeerClient client = open(peer, credentials)) {
                step.copy(new Transfers(client, options, progress));
            }
            return;
        }
        try {
            step.copy(service.get());
        } finally {
            sayIfFirstContact(); // the service connected: what it remembered, once the copy ended however
        }
        if (remember) {
            new RememberedPasswords(home.dirs().peerPasswords()).remember(peer.trustId(), credentials);
        }
    }

    /** {@code progress}, saying first what the service remembered at a first contact as the copy starts. */
    private Progress saidFirst(Progress progress) {
        return new Progress() {
            @Override
            public void started(long bytes, int files, long resumedBytes) {
                sayIfFirstContact();
                progress.started(bytes, files, resumedBytes);
            }

            @Override
            public void advanced(long bytes) {
                progress.advanced(bytes);
            }

            @Override
            public void fileDone(String name) {
                progress.fileDone(name);
            }

            @Override
            public void note(String line) {
                progress.note(line);
            }

            @Override
            public void finished() {
                progress.finished();
            }
        };
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
