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
    /** The longest line of an answer taken: a match's path of 4,096 bytes, with room for its JSON. */
    static final int MAX_LINE = 16 * 1024;

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
            // what another machine sends is read up to what a whole page can take: a line that never ends, or
            // matches without end, would otherwise fill this machine's memory
            long most = (long) request.pageSize() * MAX_LINE + MAX_LINE;
            org.apache.commons.io.input.BoundedInputStream bounded = org.apache.commons.io.input.BoundedInputStream
                    .builder().setInputStream(channel.getInvertedOut()).setMaxCount(most).get();
            BufferedReader in = new BufferedReader(new InputStreamReader(bounded, StandardCharsets.UTF_8));
            int matches = 0;
            String longer = "its answer was longer than any answer can be (" + most / 1024 + " KiB); it is not "
                    + "answering as a lanshare machine does";
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (bounded.getCount() >= most) {
                    throw new IOException(longer);
                }
                SearchProtocol.Line l;
                try {
                    l = SearchProtocol.read(line);
                } catch (IOException | RuntimeException e) { // not JSON, or not an answer: nothing of it is shown
                    throw new IOException("it did not answer as a lanshare machine does", e);
                }
                if (l.end()) {
                    return l;
                }
                if (l.match().isPresent() && ++matches > request.pageSize()) {
                    throw new IOException("it sent more than the " + request.pageSize() + " matches asked for");
                }
                l.match().ifPresent(each);
            }
            throw new IOException(bounded.getCount() >= most ? longer : "the answer stopped before its end");
        }
    }
}
