package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lanshare find} across ten colleagues of 100,000 files each (issue #20's "10 machines"), asked from an
 * eleventh in the namespace office: every colleague answers with exactly its files, and the answers' times after
 * the questions went out ({@code answeredAfterMs}) and the command's whole time (JVM start included) are printed
 * for several rounds. By hand only, as it builds a million files and eleven services: {@code
 * -Dlanshare.search.office10=true} (files per colleague: {@code -Dlanshare.search.office10.files=100000}).
 */
@EnabledIfSystemProperty(named = "lanshare.search.office10", matches = "true")
class SearchTenMachinesTest {
    private static final int COLLEAGUES = 10;
    private static final int ROUNDS = 7;
    private static final String[] WORDS = {"plan", "section", "elevation", "detail", "roof", "site", "survey",
        "invoice", "minutes", "render", "model", "sketch", "schedule", "facade", "stair", "window", "door", "wall",
        "floor", "ceiling"};

    @Test
    void tenColleaguesAnswerAtOnce(@TempDir Path dir) throws Exception {
        Office.require();
        int files = Integer.getInteger("lanshare.search.office10.files", 100_000);
        try (Office office = new Office()) {
            Node anne = new Node(office.add("anne", dir.resolve("anne"), false));
            List<Node> colleagues = new ArrayList<>();
            for (int i = 0; i < COLLEAGUES; i++) {
                Node n = new Node(office.add("m" + i, dir.resolve("m" + i), false));
                fill(n.host.home.resolve("Docs"), files, i);
                colleagues.add(n);
            }
            anne.start();
            for (Node n : colleagues) {
                n.start();
            }
            anne.awaitReady(Duration.ofSeconds(120));
            for (Node n : colleagues) {
                n.awaitReady(Duration.ofSeconds(120));
            }
            List<String> names = colleagues.stream().map(n -> n.host.name).toList();
            assertTrue(Node.waitFor(Duration.ofSeconds(30), () -> anne.peerNames().containsAll(names)) >= 0,
                    anne::log);

            // the indexes build in the background: ask until all ten answer with their one harbour drawing each
            long built = Node.waitFor(Duration.ofSeconds(600), () -> {
                try {
                    return answers(find(anne)).size() == COLLEAGUES;
                } catch (Exception e) {
                    return false;
                }
            });
            System.out.printf("ten machines: every index answered %d ms after the services started%n", built);
            assertTrue(built >= 0, "not all ten indexes answered within 10 min");

            StringBuilder table = new StringBuilder("| round | slowest answer after the question (ms) | median "
                    + "answer (ms) | whole command, JVM start included (ms) |\n|---|---|---|---|\n");
            for (int r = 1; r <= ROUNDS; r++) {
                long t0 = System.nanoTime();
                JsonNode json = find(anne);
                long whole = (System.nanoTime() - t0) / 1_000_000;
                Map<String, Integer> perPeer = answers(json);
                assertEquals(COLLEAGUES, perPeer.size(), json.toString());
                perPeer.values().forEach(n -> assertEquals(1, n, json.toString()));
                List<Long> after = new ArrayList<>();
                json.path("answeredAfterMs").forEach(a -> after.add(a.asLong()));
                after.sort(null);
                table.append("| ").append(r).append(" | ").append(after.get(after.size() - 1)).append(" | ")
                        .append(after.get(after.size() / 2)).append(" | ").append(whole).append(" |\n");
            }
            System.out.println("ten machines of " + files + " files, lanshare find harbour --json on anne:\n" + table);
        }
    }

    /** {@code files} files in folders of 200, named from {@link #WORDS}; one "harbour" drawing per machine. */
    private static void fill(Path docs, int files, int machine) throws IOException {
        for (int i = 0; i < files; i++) {
            Path folder = docs.resolve("project " + (i / 2000)).resolve(WORDS[(i / 200) % WORDS.length] + "s");
            if (i % 200 == 0) {
                Files.createDirectories(folder);
            }
            String name = i == files / 2 ? "m" + machine + " harbour site-plan_v3.dwg"
                    : WORDS[i % WORDS.length] + "-" + WORDS[(i / 7) % WORDS.length] + "_" + i
                            + (i % 3 == 0 ? ".dwg" : i % 3 == 1 ? ".pdf" : ".txt");
            Files.createFile(folder.resolve(name));
        }
    }

    private static JsonNode find(Node on) throws Exception {
        String out = on.host.attempt(60, TwoSubnetsTest.Lanshare.command(on, "find", "harbour", "--json"));
        return new ObjectMapper().readTree(out.substring(out.indexOf('\n') + 1));
    }

    /** Results per colleague that answered without an error. */
    private static Map<String, Integer> answers(JsonNode json) {
        Map<String, Integer> out = new TreeMap<>();
        json.path("answeredAfterMs").fieldNames().forEachRemaining(p -> {
            if (!json.path("errors").has(p)) {
                out.put(p, 0);
            }
        });
        json.path("results").forEach(r -> out.merge(r.path("peer").asText(), 1, Integer::sum));
        out.values().removeIf(n -> n == 0);
        return out;
    }
}
