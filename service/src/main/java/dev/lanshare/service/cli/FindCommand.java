package dev.lanshare.service.cli;

import dev.lanshare.service.control.Protocol;
import dev.lanshare.service.control.ServiceClient;
import dev.lanshare.service.peer.PeerInfo;
import dev.lanshare.service.peer.PeerResolver;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.SearchAll;
import dev.lanshare.service.search.Match;
import dev.lanshare.service.search.SearchRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lanshare find}: asks every colleague's machine at once which of its shared files match. */
@Command(name = "find", mixinStandardHelpOptions = true,
        description = "Search the colleagues' shares by name, all at once; prints PEER/SHARE/PATH (what 'lanshare "
                + "get' takes), size and time, newest first for each peer.")
final class FindCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    @Mixin
    SettingsAccess home;

    @Parameters(paramLabel = "WORDS", arity = "0..*", description = "Words of the name (site plan), or *.EXT.")
    List<String> words = new ArrayList<>();

    @Option(names = "--type", paramLabel = "EXT", description = "Only files ending in .EXT.")
    String type;

    @Option(names = "--newer", paramLabel = "AGE", description = "Changed within this time: 30m, 12h, 7d, 2w.")
    String newer;

    @Option(names = "--larger", paramLabel = "SIZE", description = "Larger than this: 500K, 10M, 2G.")
    String larger;

    @Option(names = "--peer", paramLabel = "NAME", description = "Ask only this peer (a name, device id or "
            + "host:port).")
    String peer;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for answers (default 3).")
    double timeout = 3;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SearchRequest request = new SearchRequest(String.join(" ", words), type,
                newer == null ? null : System.currentTimeMillis() - age(newer).toMillis(),
                larger == null ? null : PeerCommands.CopyOptions.bytes("--larger", larger, "a size like 500K, 10M or 2G"), 0, SearchRequest.MAX_PAGE_SIZE);
        try {
            SearchRequest.parse(request.toJson()); // the limits, checked here with the peers' words
        } catch (SearchRequest.BadRequest e) {
            throw new UserError(e.getMessage());
        }
        Duration wait = Duration.ofNanos((long) (timeout * 1e9));
        if (peer == null) {
            // the running service asks: its code is warm and it knows the colleagues, so answers come sooner
            Optional<Integer> viaService = home.ask(c -> finish(c.searchAll(request, wait, this::arrived)));
            if (viaService.isPresent()) {
                return viaService.get();
            }
            throw new UserError(NO_PEERS); // no service runs here to know the colleagues
        }
        List<PeerTarget> peers = List.of(target());
        SearchAll.Outcome outcome = SearchAll.ask(home.dirs(), peers, request, wait, a -> arrived(
                new Protocol.SearchAnswer(a.peer().label(), a.matches(), a.error(), a.after().toMillis())));
        return finish(new Protocol.SearchDone(peers.size(), outcome.silent().stream().map(PeerTarget::label)
                .toList()));
    }

    private static final String NO_PEERS = "no colleagues are known yet (see 'lanshare peers'); or name one with "
            + "--peer";
    private final List<Protocol.SearchAnswer> answers = new ArrayList<>();

    /** The one colleague {@code --peer} names: from the service's list when it runs, else an address. */
    private PeerTarget target() throws Exception {
        List<PeerInfo> known = new ArrayList<>();
        home.ask(ServiceClient::peers).ifPresent(known::addAll);
        return PeerResolver.resolve(peer, known);
    }

    /** One colleague's answer, printed at once (or kept for the JSON at the end). */
    private void arrived(Protocol.SearchAnswer a) {
        answers.add(a);
        if (json) {
            return;
        }
        for (Match m : a.matches()) {
            System.out.printf("%s  %s  %s%n", ControlCharacters.shown(a.peer() + m.path()), m.folder() ? "folder"
                    : ProgressPrinter.size(m.size()), TIME.format(Instant.ofEpochMilli(m.modified())));
        }
        if (a.error() != null) {
            System.err.println("lanshare: " + a.peer() + ": " + a.error());
        }
        System.out.flush();
    }

    private int finish(Protocol.SearchDone done) {
        if (done.asked() == 0 && answers.isEmpty()) {
            throw new UserError(NO_PEERS);
        }
        List<String> silent = done.notAnswered();
        if (json) {
            List<Map<String, Object>> results = new ArrayList<>();
            Map<String, String> errors = new LinkedHashMap<>();
            Map<String, Long> answeredAfterMs = new LinkedHashMap<>();
            for (Protocol.SearchAnswer a : answers) {
                answeredAfterMs.put(a.peer(), a.afterMs());
                a.matches().forEach(m -> results.add(Map.of("peer", a.peer(), "address", a.peer() + m.path(),
                        "path", m.path(), "folder", m.folder(), "size", m.size(),
                        "modified", Instant.ofEpochMilli(m.modified()).toString())));
                if (a.error() != null) {
                    errors.put(a.peer(), a.error());
                }
            }
            System.out.println(Json.of(Map.of("results", results, "notAnswered", silent, "errors", errors,
                    "answeredAfterMs", answeredAfterMs)));
        } else if (!silent.isEmpty()) {
            System.err.println("lanshare: did not answer within " + timeout + " s: " + String.join(", ", silent));
        }
        return answers.stream().anyMatch(a -> a.error() == null) ? Main.OK : Main.FAILED;
    }

    /** 30m, 12h, 7d, 2w (a bare number is days). */
    static Duration age(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            char unit = Character.isLetter(t.charAt(t.length() - 1)) ? t.charAt(t.length() - 1) : 'd';
            long n = Long.parseLong(Character.isLetter(unit) && t.endsWith(String.valueOf(unit))
                    ? t.substring(0, t.length() - 1) : t);
            if (n < 0) {
                throw new NumberFormatException();
            }
            Duration age = switch (unit) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                case 'w' -> Duration.ofDays(Math.multiplyExact(7, n));
                default -> throw new NumberFormatException();
            };
            age.toMillis(); // within a long of milliseconds
            return age;
        } catch (RuntimeException e) {
            throw UserError.usage("--newer " + text + ": write an age like 30m, 12h, 7d or 2w");
        }
    }
}
