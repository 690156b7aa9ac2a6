package dev.lanshare.service.peer;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.search.Match;
import dev.lanshare.service.search.SearchRequest;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
public final class SearchAll implements Closeable {
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

    /** How long a session stays open for the next search once one is done. */
    public static final Duration IDLE = Duration.ofSeconds(60);

    private record Idle(ClientSession session, long since) {
    }

    private final AppDirs dirs;
    private final PeerSessions sessions;
    /** Sessions not in use, by peer, its key and who logged in: the next search to the same reuses one. */
    private final Map<String, Idle> idle = new HashMap<>();

    /** Keeps sessions open between searches (for {@link #IDLE}) until closed: for the long-running service. */
    public SearchAll(AppDirs dirs) {
        this.dirs = dirs;
        this.sessions = new PeerSessions(dirs, true);
    }

    /** One search with sessions of its own, closed at the end: for a command that runs once. */
    public static Outcome ask(AppDirs dirs, List<PeerTarget> peers, SearchRequest request, Duration timeout,
            Consumer<Answer> each) throws InterruptedException {
        try (SearchAll once = new SearchAll(dirs)) {
            return once.search(peers, request, timeout, each);
        } catch (IOException e) {
            throw new IllegalStateException("closing an SSH client does not fail", e);
        }
    }

    /**
     * Asks {@code peers} {@code request}, waiting at most {@code timeout} in all; {@code each} gets every answer on
     * the calling thread as soon as it arrives.
     */
    public Outcome search(List<PeerTarget> peers, SearchRequest request, Duration timeout, Consumer<Answer> each)
            throws InterruptedException {
        closeIdle();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        RememberedPasswords remembered = new RememberedPasswords(dirs.peerPasswords());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(peers.size(), PARALLEL)), r -> {
            Thread t = new Thread(r, "lanshare-search-all");
            t.setDaemon(true);
            return t;
        });
        Map<PeerTarget, Answer> answers = new LinkedHashMap<>();
        try {
            CompletionService<Answer> done = new ExecutorCompletionService<>(pool);
            for (PeerTarget p : peers) {
                PeerClient.Credentials who = credentials(remembered, p);
                done.submit(() -> one(p, who, request, Duration.ofNanos(Math.max(1, deadline
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

    /** One peer's answer, on a session left from an earlier search when there is one (else a new one). */
    private Answer one(PeerTarget p, PeerClient.Credentials who, SearchRequest request, Duration timeout) {
        String key = p.host() + ":" + p.port() + " " + p.trustId() + " " + p.fingerprint().orElse("") + " "
                + who.user() + " " + who.password();
        ClientSession session = take(key);
        try {
            Answer a;
            if (session == null) {
                session = sessions.connect(p, who, timeout);
                a = query(session, p, request, timeout);
            } else {
                try {
                    a = query(session, p, request, timeout);
                } catch (IOException e) { // it went away while idle: once more on a new session
                    session.close(true);
                    session = sessions.connect(p, who, timeout);
                    a = query(session, p, request, timeout);
                }
            }
            give(key, session);
            return a;
        } catch (PeerException | IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            return new Answer(p, List.of(), withoutName(p, e.getMessage()));
        }
    }

    /** Why a colleague gave no answer, without its name in front: every answer is shown with it already. */
    static String withoutName(PeerTarget p, String why) {
        String m = String.valueOf(why);
        if (m.startsWith(p.label() + ": ")) {
            return m.substring(p.label().length() + 2);
        }
        return m.startsWith(p.label() + " ") ? m.substring(p.label().length() + 1) : m;
    }

    private static Answer query(ClientSession session, PeerTarget p, SearchRequest request, Duration timeout)
            throws IOException {
        List<Match> matches = new ArrayList<>();
        var end = SearchQuery.ask(session, request, matches::add, timeout);
        if (end.error().isPresent()) {
            return new Answer(p, List.of(), end.error().get());
        }
        matches.sort(Comparator.comparingLong(Match::modified).reversed());
        return new Answer(p, matches, null);
    }

    private synchronized ClientSession take(String key) {
        Idle i = idle.remove(key);
        return i != null && i.session().isOpen() ? i.session() : null;
    }

    private synchronized void give(String key, ClientSession session) {
        Idle before = idle.put(key, new Idle(session, System.nanoTime()));
        if (before != null) {
            before.session().close(true);
        }
    }

    /** Closes the sessions idle for {@link #IDLE} or more. */
    public synchronized void closeIdle() {
        long now = System.nanoTime();
        idle.values().removeIf(i -> {
            boolean old = now - i.since() >= IDLE.toNanos() || !i.session().isOpen();
            if (old) {
                i.session().close(true);
            }
            return old;
        });
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            idle.values().forEach(i -> i.session().close(true));
            idle.clear();
        }
        sessions.close();
    }
}
