package dev.lanshare.service.cli;

import dev.lanshare.config.Account;
import dev.lanshare.service.control.Protocol;
import dev.lanshare.service.control.ServiceClient;
import dev.lanshare.service.peer.Opener;
import dev.lanshare.service.peer.PeerAddress;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.Progress;
import dev.lanshare.service.peer.RememberedPasswords;
import dev.lanshare.service.peer.Transfers;
import dev.lanshare.service.peer.TrustStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lanshare ls|get|put|open|login|trust}: a colleague's shares from the command line. */
final class PeerCommands {
    private PeerCommands() {
    }

    static final class CopyOptions {
        @Option(names = {"-q", "--quiet"}, description = "No progress output.")
        boolean quiet;

        @Option(names = "--verify", description = "Compare a SHA-256 of both sides after copying.")
        boolean verify;

        @Option(names = "--limit", paramLabel = "RATE", description = "At most this many bytes per second (2M, 500K).")
        String limit;

        Transfers.Options options() {
            return new Transfers.Options(limit == null ? 0 : parseRate(limit), verify);
        }

        Progress progress() {
            return quiet ? Progress.NONE : new ProgressPrinter(System.out, System.console() != null);
        }

        static long parseRate(String text) {
            return bytes("--limit", text, "a number of bytes per second, like 2M or 500K");
        }

        /**
         * A number of bytes as people write it: 2048, 500K, 10M, 1.5G (K, M, G and T are 1024 times the one
         * before; KB, KiB and lowercase too). Anything else, a negative amount or one beyond a long is a usage
         * error naming {@code option}: "OPTION TEXT: write HINT".
         */
        static long bytes(String option, String text, String hint) {
            String t = text.strip().toUpperCase(java.util.Locale.ROOT);
            t = t.endsWith("IB") ? t.substring(0, t.length() - 2) : t.endsWith("B") ? t.substring(0, t.length() - 1) : t;
            int power = t.isEmpty() ? -1 : "KMGT".indexOf(t.charAt(t.length() - 1)) + 1;
            try {
                java.math.BigDecimal n = new java.math.BigDecimal(power > 0 ? t.substring(0, t.length() - 1).strip() : t);
                if (n.signum() < 0) {
                    throw new NumberFormatException();
                }
                return n.multiply(java.math.BigDecimal.valueOf(1024).pow(Math.max(power, 0)))
                        .setScale(0, java.math.RoundingMode.CEILING).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw UserError.usage(option + " " + text + ": write " + hint);
            }
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List a colleague's shares or folder.")
    static final class Ls implements Callable<Integer> {
        // here rather than in PeerCommands, which get and put load too: the system's time zone has java.time look
        // for zone-rule providers in every jar of the class path, opening each
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(ZoneId.systemDefault());

        @Mixin
        PeerOptions peer;

        @Parameters(paramLabel = "PEER[/SHARE[/PATH]]")
        String where;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PeerAddress address = address(where);
            PeerTarget target = peer.target(address);
            try (PeerClient client = peer.connect(target)) {
                List<PeerClient.Entry> entries = client.list(address.remotePath());
                if (json) {
                    System.out.println(Json.of(entries));
                    return Main.OK;
                }
                for (PeerClient.Entry e : entries) {
                    System.out.printf("%-40s %12s  %s%s%n", ControlCharacters.shown(e.name())
                            + (e.folder() ? "/" : e.link() ? "@" : ""),
                            e.folder() ? "" : e.link() ? "link" : ProgressPrinter.size(e.size()),
                            TIME.format(Instant.ofEpochMilli(e.modified())),
                            e.link() ? "  (leads outside the share or to nothing: not shared)" : "");
                }
            }
            return Main.OK;
        }
    }

    /** {@code text} as a peer address; one that names no peer, or goes above the shares, is a usage error. */
    static PeerAddress address(String text) {
        try {
            return PeerAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw UserError.usage(e.getMessage());
        }
    }

    /** {@code text} as a peer address, refused when it names no share (a copy goes to or from one). */
    static PeerAddress inAShare(String text) {
        PeerAddress address = address(text);
        if (address.share() == null) {
            throw UserError.usage("say which share: " + text + "/SHARE[/PATH]");
        }
        return address;
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Copy a file or folder from a colleague. Rerun an interrupted copy to resume it.")
    static final class Get implements Callable<Integer> {
        @Mixin
        PeerOptions peer;

        @Mixin
        CopyOptions copy;

        @Parameters(index = "0", paramLabel = "PEER/SHARE/PATH")
        String from;

        @Parameters(index = "1", arity = "0..1", paramLabel = "DEST", description = "Default: this folder. "
                + "DEST/ (a trailing slash) names a folder to copy into, made when missing.")
        String dest;

        @Override
        public Integer call() throws Exception {
            PeerAddress address = inAShare(from);
            Path into = Path.of(dest == null ? "." : dest).toAbsolutePath();
            // DEST/ is a folder, as for cp and put: the copy goes into it (it made a file named DEST); what is made
            // for it is taken away again if the copy fails before anything arrives
            Path top = null;
            if (dest != null && (dest.endsWith("/") || dest.endsWith(File.separator)) && !Files.isDirectory(into)) {
                for (Path p = into; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
                    top = p;
                }
                Files.createDirectories(into);
            }
            boolean done = false;
            try {
                peer.copy(address.peer(), peer.target(address), copy.options(), copy.progress(),
                        c -> c.download(address.remotePath(), into));
                done = true;
            } finally {
                for (Path p = into; !done && top != null && p != null && p.startsWith(top); p = p.getParent()) {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        break; // something arrived in it (kept, to resume), or it is gone
                    }
                }
            }
            return Main.OK;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Copy a file or folder to a colleague's share. Rerun an interrupted copy to resume it.")
    static final class Put implements Callable<Integer> {
        @Mixin
        PeerOptions peer;

        @Mixin
        CopyOptions copy;

        @Parameters(index = "0", paramLabel = "SOURCE")
        Path source;

        @Parameters(index = "1", paramLabel = "PEER/SHARE[/PATH]")
        String to;

        @Override
        public Integer call() throws Exception {
            PeerAddress address = inAShare(to);
            if (!Files.exists(source)) {
                throw new UserError(source + " does not exist");
            }
            // PEER/SHARE/FOLDER/ (a trailing slash) names a folder to copy into, made when missing
            String remote = address.remotePath() + (address.path() != null && to.strip().endsWith("/") ? "/" : "");
            Path from = source.toAbsolutePath();
            peer.copy(address.peer(), peer.target(address), copy.options(), copy.progress(),
                    c -> c.upload(from, remote));
            return Main.OK;
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = {"Open a colleague's share in the file manager: with sftp:// in GNOME Files and Dolphin, "
                + "through this machine's WebDAV gateway in Finder and Explorer (prints the address without a "
                + "desktop)."})
    static final class Open implements Callable<Integer> {
        @Mixin
        PeerOptions peer;

        @Parameters(paramLabel = "PEER[/SHARE]")
        String where;

        @Option(names = "--webdav", description = "Open through the WebDAV gateway, as on macOS and Windows, "
                + "instead of sftp://.")
        boolean webdav;

        @Override
        public Integer call() throws Exception {
            PeerAddress address = address(where);
            PeerTarget target = peer.target(address);
            String os = System.getProperty("os.name", "");
            if (webdav || Opener.needsGateway(os)) {
                String gateway = peer.home.ask(ServiceClient::status).flatMap(Protocol.Status::gatewayUrl)
                        .orElseThrow(() -> new UserError("the gateway that file managers open colleagues' folders "
                                + "through is not running: start lanshare (lanshare serve) and try again"));
                List<List<String>> commands = Opener.viaGateway(gateway, target.label(), address.share(), os,
                        System.getenv(), Opener::onPath);
                if (commands.isEmpty()) {
                    System.out.println(Opener.gatewayUrl(gateway, target.label(), address.share()));
                    return Main.OK;
                }
                return Opener.runAll(commands, ProcessBuilder.Redirect.INHERIT) ? Main.OK : Main.FAILED;
            }
            String user = peer.user != null ? peer.user : target.guests() ? Account.GUEST : null;
            String url = target.url(user, address.remotePath());
            Optional<List<String>> command = Opener.command(url, System.getenv(), Opener::onPath);
            if (command.isEmpty()) {
                System.out.println(url);
                return Main.OK;
            }
            return Opener.runAll(List.of(command.get()), ProcessBuilder.Redirect.INHERIT) ? Main.OK : Main.FAILED;
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = {"Log in to a colleague's machine with an account its owner gave you, and remember it "
                + "(in an owner-only file): ls, get, put, open, find, the tray and the Finder/Explorer gateway use "
                + "it from then on instead of the guest.",
                "The password is asked for (or read with --password-stdin) and checked before it is kept."})
    static final class Login implements Callable<Integer> {
        @Mixin
        PeerOptions peer;

        @Parameters(paramLabel = "PEER")
        String who;

        @Option(names = "--forget", description = "Forget the account remembered for PEER: guest again.")
        boolean forget;

        @Override
        public Integer call() throws Exception {
            PeerTarget target = peer.target(address(who));
            RememberedPasswords remembered = new RememberedPasswords(peer.home.dirs().peerPasswords());
            if (forget) {
                System.out.println(remembered.forget(target.trustId())
                        ? "Forgot the account remembered for " + target.label() + "; guest from now on."
                        : "No account was remembered for " + target.label() + ".");
                return Main.OK;
            }
            if (peer.user == null) {
                java.io.Console console = System.console();
                String typed = console == null ? null : console.readLine("Account on %s: ", target.label());
                if (typed == null || typed.isBlank()) {
                    throw new UserError("say which account: lanshare login " + who + " -u ACCOUNT");
                }
                peer.user = typed.strip();
            }
            peer.remember = true;
            peer.askPassword = true;
            try (PeerClient client = peer.connect(target)) { // kept only once the peer has let us in
                System.out.println("Logged in to " + target.label() + " as " + peer.user
                        + "; lanshare remembers it for this colleague.");
            }
            return Main.OK;
        }
    }

    @Command(name = "trust", mixinStandardHelpOptions = true,
            description = "Forget a peer's remembered host key (after checking its fingerprint with its owner).")
    static final class Trust implements Callable<Integer> {
        @Mixin
        PeerOptions peer;

        @Parameters(paramLabel = "PEER")
        String who;

        @Option(names = "--reset", required = true, description = "Forget the remembered key; the next connection "
                + "trusts the key the peer announces.")
        boolean reset;

        @Override
        public Integer call() throws Exception {
            PeerTarget target = peer.target(address(who));
            boolean had = TrustStore.of(peer.home.dirs()).forget(target.trustId());
            System.out.println(had ? "Forgot the host key of " + target.label() + "."
                    : "No host key was remembered for " + target.label() + ".");
            return Main.OK;
        }
    }
}
