package dev.lanshare.service.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The search subsystem's lines, both sides (docs/search.md). The client sends one {@link SearchRequest} per line;
 * the server answers each with one line per match, {@code {"path":"/Plans/a.dwg","folder":false,"size":N,
 * "modified":MILLIS}}, then {@code {"end":true,"total":N,"more":BOOL}}, or with one {@code {"error":"..."}} line.
 */
public final class SearchProtocol {
    /** The SSH subsystem's name, asked for on the SFTP port. */
    public static final String SUBSYSTEM = "lanshare-search@lanshare.dev";
    /** Searches one session may make per second (bursts of as many). */
    public static final double PER_SECOND = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchProtocol() {
    }

    /** The lines that answer {@code line} for an account (or a guest); never throws for a bad request. */
    public static List<String> answer(Searcher searcher, String line, String user, boolean guest) {
        try {
            Searcher.Result r = searcher.search(SearchRequest.parse(line), user, guest);
            List<String> out = new ArrayList<>(r.matches().size() + 1);
            for (Match m : r.matches()) {
                out.add(JSON.createObjectNode().put("path", m.path()).put("folder", m.folder())
                        .put("size", m.size()).put("modified", m.modified()).toString());
            }
            out.add(JSON.createObjectNode().put("end", true).put("total", r.total()).put("more", r.more())
                    .toString());
            return out;
        } catch (SearchRequest.BadRequest | Searcher.Busy e) {
            return List.of(error(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            return List.of(error("the search failed on this machine"));
        }
    }

    public static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    /** One answer line read back: a match, the end (with its total), or an error. */
    public record Line(Optional<Match> match, boolean end, long total, boolean more, Optional<String> error) {
    }

    public static Line read(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        if (n == null || !n.isObject()) {
            throw new IOException("not a search answer: " + line);
        }
        if (n.has("error")) {
            return new Line(Optional.empty(), true, 0, false, Optional.of(n.get("error").asText()));
        }
        if (n.path("end").asBoolean(false)) {
            return new Line(Optional.empty(), true, n.path("total").asLong(), n.path("more").asBoolean(),
                    Optional.empty());
        }
        Match m = new Match(n.path("path").asText(), n.path("folder").asBoolean(), n.path("size").asLong(),
                n.path("modified").asLong());
        return new Line(Optional.of(m), false, 0, false, Optional.empty());
    }
}
