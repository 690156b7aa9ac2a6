package dev.lanshare.service.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One search, as it travels: {@code {"query":"site plan *.dwg","type":"dwg","newerThan":MILLIS,
 * "largerThan":BYTES,"page":0,"pageSize":100}}. Only {@code query} is needed. It is data, not syntax: the words
 * are matched as word prefixes, {@code *.EXT} becomes an extension, and any other {@code *} or {@code ?} just
 * separates words. Limits are checked here, before any work.
 */
public record SearchRequest(String query, String type, Long newerThan, Long largerThan, int page, int pageSize) {
    public static final int MAX_LINE = 4096;
    public static final int MAX_WORDS = 8;
    public static final int MAX_WORD = 64;
    public static final int MAX_PAGE_SIZE = 200;
    public static final int DEFAULT_PAGE_SIZE = 100;
    private static final Pattern EXTENSION = Pattern.compile("^\\*\\.([\\p{L}\\p{N}]{1,16})$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a bad request is answered with; the message says what to fix. */
    public static final class BadRequest extends Exception {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** The words and extensions of the query, checked against the limits. */
    record Parsed(List<String> words, List<String> extensions) {
    }

    public static SearchRequest of(String query) {
        return new SearchRequest(query, null, null, null, 0, DEFAULT_PAGE_SIZE);
    }

    public static SearchRequest parse(String line) throws BadRequest {
        if (line.length() > MAX_LINE) {
            throw new BadRequest("request longer than " + MAX_LINE + " characters");
        }
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new BadRequest("not a JSON object");
        }
        if (n == null || !n.isObject()) {
            throw new BadRequest("not a JSON object");
        }
        SearchRequest r = new SearchRequest(n.path("query").asText(""), text(n, "type"), number(n, "newerThan"),
                number(n, "largerThan"), n.path("page").asInt(0), n.path("pageSize").asInt(DEFAULT_PAGE_SIZE));
        r.parsed(); // checks the limits
        return r;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Long number(JsonNode n, String field) {
        return n.hasNonNull(field) && n.get(field).canConvertToLong() ? n.get(field).asLong() : null;
    }

    Parsed parsed() throws BadRequest {
        if (page < 0 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new BadRequest("page must be 0 or more and pageSize 1 to " + MAX_PAGE_SIZE);
        }
        if ((long) page * pageSize >= Searcher.MAX_RESULTS) {
            throw new BadRequest("at most " + Searcher.MAX_RESULTS + " results are given; narrow the search");
        }
        List<String> words = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        if (type != null && !type.isBlank()) {
            extensions.add(extension("*." + type.strip().replaceFirst("^\\*?\\.", "")));
        }
        for (String token : query.strip().split("\\s+")) {
            Matcher m = EXTENSION.matcher(token);
            if (m.matches()) {
                extensions.add(m.group(1).toLowerCase(Locale.ROOT));
            } else {
                words.addAll(Words.ofQuery(token));
            }
        }
        if (words.size() > MAX_WORDS || extensions.size() > 4) {
            throw new BadRequest("at most " + MAX_WORDS + " words and 4 types per search");
        }
        for (String w : words) {
            if (w.length() > MAX_WORD) {
                throw new BadRequest("a word is longer than " + MAX_WORD + " characters");
            }
        }
        if (words.isEmpty() && extensions.isEmpty() && newerThan == null && largerThan == null) {
            throw new BadRequest("nothing to look for: give a word, a type, a time or a size");
        }
        return new Parsed(words, extensions);
    }

    private static String extension(String token) throws BadRequest {
        Matcher m = EXTENSION.matcher(token);
        if (!m.matches()) {
            throw new BadRequest("a type is letters and digits, like dwg");
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode().put("query", query);
        if (type != null) {
            n.put("type", type);
        }
        if (newerThan != null) {
            n.put("newerThan", newerThan);
        }
        if (largerThan != null) {
            n.put("largerThan", largerThan);
        }
        return n.put("page", page).put("pageSize", pageSize).toString();
    }
}
