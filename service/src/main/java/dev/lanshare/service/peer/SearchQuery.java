package dev.lanshare.service.peer;

import dev.lanshare.service.search.Match;
import dev.lanshare.service.search.SearchProtocol;
import dev.lanshare.service.search.SearchRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;

/**
 * Asks a colleague's machine a search over its SSH port ({@value SearchProtocol#SUBSYSTEM}), on a session that
 * {@link PeerSessions} opened.
 */
public final class SearchQuery {
    private SearchQuery() {
    }

    /** Asks one search on an open session; {@code each} gets the matches as they arrive. */
    public static SearchProtocol.Line ask(ClientSession session, SearchRequest request, Consumer<Match> each,
            Duration timeout) throws IOException {
        try (ChannelSubsystem channel = session.createSubsystemChannel(SearchProtocol.SUBSYSTEM)) {
            channel.open().verify(timeout);
            OutputStream out = channel.getInvertedIn();
            out.write((request.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
            out.close(); // end of input (EOF): the colleague answers this one search, then ends the channel
            BufferedReader in = new BufferedReader(new InputStreamReader(channel.getInvertedOut(),
                    StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                SearchProtocol.Line l = SearchProtocol.read(line);
                if (l.end()) {
                    return l;
                }
                l.match().ifPresent(each);
            }
            throw new IOException("the answer stopped before its end");
        }
    }
}
