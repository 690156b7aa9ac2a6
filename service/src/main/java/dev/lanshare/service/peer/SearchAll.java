package dev.lanshare.service.peer;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.search.Match;
import dev.lanshare.service.search.SearchRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.sshd.client.session.ClientSession;

/**
 * Asks every colleague the same search at once, each with this machine's remembered account for it, else as the
 * guest; hands each peer's answer on as it arrives and says at the end who did not answer in time. What
 * {@code lanshare find} and the tray's search window both use.
 */
public final class SearchAll {
    /** At most this many colleagues are asked at the same moment; the rest as soon as one has answered. */
    static final int PARALLEL = 32;

    /**
     * One colleague's answer: its matches, newest first, or why there are none ({@code error} not null), and how
     * long after the question went out it arrived ({@code after}).
     */
    public record Answer(PeerTarget peer, List<Match> matches, String error, Duration after) {
        public Answer {
            matches = List.copyOf(matches);
        }

        Answer(PeerTarget peer, List<Match> matches, String error) {
            this(peer, matches, error, Duration.ZERO);
        }

        /** {@code PEER/SHARE/PATH}: the address {@code lanshare get} takes. */
        public String address(Match m) {
            return peer.label() + m.path();
        }
    }

    /** All that arrived before the deadline, in the order it arrived, and who was still silent then. */
    public record Outcome(List<Answer> answers, List<PeerTarget> silent) {
        public Outcome {
            answers = List.copyOf(answers);
            silent = List.copyOf(silent);
        }

        public boolean anyAnswered() {
            return answers.stream().anyMatch(a -> a.error() == null);
        }
    }

    private SearchAll() {
    }

    /**
     * Asks {@code peers} {@code request}, waiting at most {@code timeout} in all; {@code each} gets every answer on
     * the calling thread as soon as it arrives.
     */
    public static Outcome ask(AppDirs dirs, List<PeerTarget> peers, SearchRequest request, Duration timeout,
            Consumer<Answer> each) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        RememberedPasswords remembered = new RememberedPasswords(dirs.peerPasswords());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(peers.size(), PARALLEL)), r -> {
            Thread t = new Thread(r, "lanshare-search-all");
            t.setDaemon(true);
            return t;
        });
        Map<PeerTarget, Answer> answers = new LinkedHashMap<>();
        try (PeerSessions query = new PeerSessions(dirs, true)) {
            CompletionService<Answer> done = new ExecutorCompletionService<>(pool);
            for (PeerTarget p : peers) {
                PeerClient.Credentials who = credentials(remembered, p);
                done.submit(() -> one(query, p, who, request, Duration.ofNanos(Math.max(1, deadline
                        - System.nanoTime()))));
            }
            for (int i = 0; i < peers.size(); i++) {
                Future<Answer> f = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) {
                    break;
                }
                Answer got = get(f);
                Answer a = new Answer(got.peer(), got.matches(), got.error(),
                        Duration.ofNanos(System.nanoTime() - start));
                answers.put(a.peer(), a);
                each.accept(a);
            }
        } catch (IOException e) {
            // stopping the SSH client: what arrived has been handed on
        } finally {
            pool.shutdownNow();
        }
        List<PeerTarget> silent = peers.stream().filter(p -> !answers.containsKey(p)).toList();
        return new Outcome(new ArrayList<>(answers.values()), silent);
    }

    /** Who this machine logs in as at {@code peer}: the account remembered for it, else the guest. */
    public static PeerClient.Credentials loginFor(AppDirs dirs, PeerTarget peer) {
        return credentials(new RememberedPasswords(dirs.peerPasswords()), peer);
    }

    private static PeerClient.Credentials credentials(RememberedPasswords remembered, PeerTarget p) {
        try {
            Optional<PeerClient.Credentials> known = remembered.get(p.trustId());
            return known.orElse(PeerClient.Credentials.guest());
        } catch (IOException e) {
            return PeerClient.Credentials.guest(); // an unreadable file of passwords: ask as the guest
        }
    }

    private static Answer get(Future<Answer> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // one() catches what a peer can cause
        }
    }

    private static Answer one(PeerSessions query, PeerTarget p, PeerClient.Credentials who, SearchRequest request,
            Duration timeout) {
        try (ClientSession session = query.connect(p, who, timeout)) {
            List<Match> matches = new ArrayList<>();
            var end = SearchQuery.ask(session, request, matches::add, timeout);
            if (end.error().isPresent()) {
                return new Answer(p, List.of(), end.error().get());
            }
            matches.sort(Comparator.comparingLong(Match::modified).reversed());
            return new Answer(p, matches, null);
        } catch (PeerException | IOException | RuntimeException e) {
            return new Answer(p, List.of(), e.getMessage());
        }
    }
}
