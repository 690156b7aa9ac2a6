package dev.lanshare.service.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.Clients;
import dev.lanshare.service.TestHome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search subsystem of a real service, asked over MINA's client: who sees what, hostile sessions. */
class SearchOverSshTest {
    @TempDir
    Path tmp;
    TestHome home;
    Clients clients;

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        Path plans = home.folder("Plans");
        Path handouts = home.folder("Handouts");
        Files.writeString(plans.resolve("site-plan.dwg"), "drawing");
        Files.writeString(handouts.resolve("site-map.pdf"), "map");
        home.account("ann").share("Plans", plans, false, "ann:write")
                .share("Handouts", handouts, true, "guests", "accounts");
        home.start();
        clients = new Clients();
        try (Asker ann = ann()) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (ann.ask("{\"query\":\"site\"}").size() < 3) {
                assertTrue(System.nanoTime() < deadline, "not indexed within 20 s");
                Thread.sleep(50);
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        home.close();
    }

    /** One session with one search channel open. */
    final class Asker implements AutoCloseable {
        final ClientSession session;
        final ChannelSubsystem channel;
        final OutputStream out;
        final BufferedReader in;

        Asker(ClientSession session) throws Exception {
            this.session = session;
            channel = session.createSubsystemChannel(SearchProtocol.SUBSYSTEM);
            channel.open().verify(java.time.Duration.ofSeconds(10));
            out = channel.getInvertedIn();
            in = new BufferedReader(new InputStreamReader(channel.getInvertedOut(), StandardCharsets.UTF_8));
        }

        /** The answer's lines, up to and with the end or error line. */
        List<String> ask(String request) throws Exception {
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> lines = new ArrayList<>();
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                lines.add(l);
                if (l.contains("\"end\"") || l.startsWith("{\"error\"")) {
                    break;
                }
            }
            return lines;
        }

        List<String> paths(String request) throws Exception {
            List<String> out = new ArrayList<>();
            for (String l : ask(request)) {
                SearchProtocol.read(l).match().ifPresent(m -> out.add(m.path()));
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            channel.close(false);
            session.close(false);
        }
    }

    Asker ann() throws Exception {
        ClientSession s = clients.connect(home.port(), "ann");
        s.addPublicKeyIdentity(home.key("ann"));
        s.auth().verify(java.time.Duration.ofSeconds(10));
        return new Asker(s);
    }

    Asker guest() throws Exception {
        ClientSession s = clients.connect(home.port(), "guest");
        s.addPasswordIdentity("guest");
        s.auth().verify(java.time.Duration.ofSeconds(10));
        return new Asker(s);
    }

    @Test
    void aGuestSeesGuestSharesOnlyAndAnAccountItsOwn() throws Exception {
        try (Asker ann = ann(); Asker guest = guest()) {
            assertEquals(List.of("/Handouts/site-map.pdf"), guest.paths("{\"query\":\"site\"}"));
            assertEquals(List.of(), guest.paths("{\"query\":\"plan\"}"));
            assertEquals(List.of("/Plans/site-plan.dwg"), ann.paths("{\"query\":\"site *.dwg\"}"));
            String end = ann.ask("{\"query\":\"site\"}").get(2);
            assertEquals(new SearchProtocol.Line(java.util.Optional.empty(), true, 2, false,
                    java.util.Optional.empty()), SearchProtocol.read(end));
        }
    }

    @Test
    void oneSessionAsksSearchAfterSearchOnChannelsOfTheirOwn() throws Exception {
        // what a session kept open between searches does (peer/SearchAll): a channel per search, closed after it
        ClientSession s = clients.connect(home.port(), "guest");
        s.addPasswordIdentity("guest");
        s.auth().verify(java.time.Duration.ofSeconds(10));
        try (s) {
            for (int i = 0; i < 12; i++) {
                Thread.sleep(110); // within the rate limit
                List<Match> found = new ArrayList<>();
                var end = dev.lanshare.service.peer.SearchQuery.ask(s, new SearchRequest("site", null, null, null, 0,
                        SearchRequest.MAX_PAGE_SIZE), found::add, java.time.Duration.ofSeconds(10));
                assertTrue(end.error().isEmpty(), "search " + i + ": " + end.error());
                assertEquals(List.of("/Handouts/site-map.pdf"), found.stream().map(Match::path).toList(),
                        "search " + i);
            }
        }
    }

    @Test
    void unsharingDropsResultsAtOnce() throws Exception {
        try (Asker ann = ann()) {
            home.change(s -> s.withoutShare("Plans"));
            assertEquals(List.of("/Handouts/site-map.pdf"), ann.paths("{\"query\":\"site\"}"));
        }
    }

    @Test
    void hostileQueriesGetErrorsAndOthersAreStillAnswered() throws Exception {
        try (Asker ann = ann(); Asker guest = guest()) {
            assertTrue(ann.ask("{\"query\":\"" + "*?".repeat(500) + "\"}").get(0).contains("nothing to look for"));
            assertTrue(ann.ask("not json").get(0).contains("error"));
            Thread.sleep(1100); // a full bucket again
            int refused = 0;
            long start = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                if (ann.ask("{\"query\":\"site " + i + "\"}").get(0).contains("slow down")) {
                    refused++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(refused >= 2000 - 10 - 10 * seconds - 10, refused + " refused in " + seconds + " s");
            long t = System.nanoTime();
            assertEquals(List.of("/Handouts/site-map.pdf"), guest.paths("{\"query\":\"site\"}"));
            assertTrue(System.nanoTime() - t < 1_000_000_000L, "another session is answered at once");
            // a request line longer than allowed ends that channel, not the service
            ann.out.write(("{\"query\":\"" + "a".repeat(10_000)).getBytes(StandardCharsets.UTF_8));
            ann.out.flush();
            assertTrue(ann.in.readLine().contains("longer than"));
        }
        try (Asker again = guest()) {
            assertEquals(List.of("/Handouts/site-map.pdf"), again.paths("{\"query\":\"site\"}"));
        }
    }
}
