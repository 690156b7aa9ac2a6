package dev.lanshare.service.control;

import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsException;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.Progress;
import dev.lanshare.service.peer.Transfers;
import dev.lanshare.service.peer.SearchAll;
import dev.lanshare.service.search.SearchRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** What the running service offers its control channel. */
public interface Operations {
    /** Live facts: port, fingerprint, sessions, name, pid. */
    Protocol.Status status();

    Settings settings();

    /** Validates, saves atomically and applies the change at once; the service is the one writer. */
    Settings edit(UnaryOperator<Settings> change) throws SettingsException, IOException;

    /** Pausing stops serving (open sessions are closed) and announcing; resuming brings both back. */
    void setPaused(boolean paused) throws IOException;

    /** Peers on the network, each as a JSON-ready map. */
    List<Map<String, Object>> peers();

    /**
     * Contacts the lanshare machine at {@code host:port} (any host key) and returns what it says it is: deviceId,
     * name, fingerprint (of the key it showed), shares. Takes up to seconds; fails when it does not answer.
     */
    Map<String, Object> introduce(String host, int port) throws IOException;

    /** The findings of {@code lanshare doctor} (see docs/discovery.md); takes seconds. */
    List<Protocol.Finding> doctor(String peer) throws IOException;

    /**
     * Asks {@code peers} {@code request} as {@link SearchAll#ask} does, from this long-running process (its code
     * warm, so {@code lanshare find} pays no cold start per colleague), handing each answer on as it arrives.
     */
    SearchAll.Outcome searchAll(List<PeerTarget> peers, SearchRequest request, Duration timeout,
            Consumer<SearchAll.Answer> each) throws InterruptedException;

    /**
     * Makes the copy {@code job} with {@code peer}, logged in as {@code who}, from this long-running process: on
     * the connection it keeps to that colleague for everything (see {@link dev.lanshare.service.peer.PeerPool}),
     * with its code warm. {@code lanshare get} and {@code put} ask for their copies this way when the service runs.
     */
    void copy(PeerTarget peer, PeerClient.Credentials who, Transfers.Job job, Progress progress)
            throws PeerException, IOException;
}
