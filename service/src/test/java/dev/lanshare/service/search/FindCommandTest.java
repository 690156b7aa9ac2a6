package dev.lanshare.service.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.CommandConsole;
import dev.lanshare.service.TestHome;
import dev.lanshare.service.cli.Main;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lanshare find} against real services on loopback, one of them a peer that never answers. */
class FindCommandTest {
    @TempDir
    Path tmp;
    TestHome ann;
    CommandConsole console;

    @BeforeEach
    void start() throws Exception {
        ann = new TestHome(tmp.resolve("ann"));
        Path plans = ann.folder("Plans");
        Path handouts = ann.folder("Handouts");
        Files.createDirectories(plans.resolve("2024"));
        SearchIndexTest.write(plans.resolve("2024/Site-Plan_v3.dwg"), 2048, 1);
        SearchIndexTest.write(handouts.resolve("site-map.pdf"), 10, 2);
        SearchIndexTest.write(handouts.resolve("old-site-map.pdf"), 10, 30);
        ann.account("ben").share("Plans", plans, false, "ben").share("Handouts", handouts, true, "guests");
        ann.start();
        console = new CommandConsole(tmp.resolve("me"));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ann.service().settings() == null || !indexed()) {
            assertTrue(System.nanoTime() < deadline, "not indexed within 20 s: " + console.said());
            Thread.sleep(50);
        }
    }

    private boolean indexed() throws Exception {
        return Files.exists(ann.dirs().state().resolve("search-index")) && find("127.0.0.1:" + ann.port(),
                "site") == Main.OK && console.out().contains("old-site-map");
    }

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        ann.close();
    }

    private int find(String peer, String... args) {
        List<String> all = new ArrayList<>(List.of("find", "--peer", peer));
        all.addAll(List.of(args));
        return console.run(all.toArray(new String[0]));
    }

    @Test
    void guestFindsGuestSharesNewestFirstAsAddressesGetTakes() throws Exception {
        String peer = "127.0.0.1:" + ann.port();
        assertEquals(Main.OK, find(peer, "site"));
        List<String> lines = console.out().lines().map(l -> l.split("  ")[0]).toList();
        assertEquals(List.of(peer + "/Handouts/site-map.pdf", peer + "/Handouts/old-site-map.pdf"), lines);
        assertEquals(Main.OK, find(peer, "--type", "dwg"));
        assertEquals("", console.out(), "Plans is not open to guests");
        assertEquals(Main.OK, find(peer, "site", "--newer", "7d", "--json"));
        String json = console.out().replace(" ", "");
        assertTrue(json.contains("\"address\":\"" + peer + "/Handouts/site-map.pdf\"") && !json.contains("old-"),
                json);
    }

    /** Sizes and ages as people write them; a wrong one is a usage error naming its own option (it named --limit). */
    @Test
    void sizesAndAgesAreReadAsWrittenAndAWrongOneIsNamed() throws Exception {
        String peer = "127.0.0.1:" + ann.port();
        assertEquals(Main.OK, find(peer, "site", "--larger", "9b"));
        assertEquals(2, console.out().lines().count(), console::out); // the two maps of 10 bytes
        assertEquals(Main.OK, find(peer, "site", "--larger", "0.01KiB")); // 10.24 bytes
        assertEquals("", console.out());
        for (String larger : List.of("10Q", "-1M", "99999999999T", "M")) {
            assertEquals(Main.USAGE, find(peer, "site", "--larger", larger), larger);
            assertEquals("lanshare: --larger " + larger + ": write a size like 500K, 10M or 2G", console.err().strip());
        }
        for (String newer : List.of("7x", "-3d", "99999999999999999w")) {
            assertEquals(Main.USAGE, find(peer, "site", "--newer", newer), newer);
            assertEquals("lanshare: --newer " + newer + ": write an age like 30m, 12h, 7d or 2w", console.err().strip());
        }
    }

    /** A colleague that lets no guest in is named once, with why (it was "PEER: PEER: guests are not let in"). */
    @Test
    void aPeerThatLetsNoGuestInIsNamedOnceWithWhy() throws Exception {
        try (TestHome carl = new TestHome(tmp.resolve("carl"))) {
            carl.account("carl").share("Drawings", carl.folder("Drawings"), true, "carl");
            carl.start();
            String peer = "127.0.0.1:" + carl.port();
            assertEquals(Main.FAILED, find(peer, "site"));
            String said = console.err();
            assertEquals("lanshare: " + peer + ": guests are not let in (nothing is shared with guests there); log in "
                    + "with an account", said.strip(), said);
            // and listing it as the guest says the same (it said "the account name or password was not accepted")
            assertEquals(Main.FAILED, console.run("ls", peer));
            assertTrue(console.err().contains("lanshare: " + peer + ": guests are not let in "
                    + "(nothing is shared with guests there); log in with an account"), console::err);
        }
    }

    /**
     * A machine that answers a search with a line that never ends, or with matches without end, is named as not
     * answering as lanshare does, and this machine reads no more of it than a whole page can take: it read the line
     * into memory until there was none left.
     */
    @Test
    void aPeerWhoseAnswerNeverEndsIsNamedAndReadNoFurther() throws Exception {
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        for (String endless : List.of("x", "{\"path\":\"/S/a.dwg\",\"size\":1,\"modified\":1,\"folder\":false}\n")) {
            sent.set(0);
            try (Hostile h = new Hostile(endless, sent)) {
                assertEquals(Main.FAILED, find("127.0.0.1:" + h.port(), "site", "--timeout", "20"));
                String said = console.said();
                assertTrue(said.contains("127.0.0.1:" + h.port() + ": ") && (said.contains("longer than any answer")
                        || said.contains("more than the 200 matches")), said);
                assertTrue(sent.get() < 64L * 1024 * 1024, sent.get() + " bytes sent before it was stopped");
            }
        }
    }

    /** An SSH server that lets anyone in and answers the search subsystem with {@code endless} over and over. */
    private static final class Hostile implements AutoCloseable {
        private final org.apache.sshd.server.SshServer sshd = org.apache.sshd.server.SshServer.setUpDefaultServer();

        Hostile(String endless, java.util.concurrent.atomic.AtomicLong sent) throws Exception {
            byte[] chunk = endless.repeat(Math.max(1, 8192 / endless.length())).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
            sshd.setHost("127.0.0.1");
            sshd.setPort(0);
            sshd.setKeyPairProvider(new org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider());
            sshd.setKeyboardInteractiveAuthenticator(new org.apache.sshd.server.auth.keyboard
                    .KeyboardInteractiveAuthenticator() {
                @Override
                public org.apache.sshd.server.auth.keyboard.InteractiveChallenge generateChallenge(
                        org.apache.sshd.server.session.ServerSession session, String user, String lang,
                        String subMethods) {
                    return new org.apache.sshd.server.auth.keyboard.InteractiveChallenge();
                }

                @Override
                public boolean authenticate(org.apache.sshd.server.session.ServerSession session, String user,
                        List<String> responses) {
                    return true;
                }
            });
            sshd.setSubsystemFactories(List.of(new org.apache.sshd.server.subsystem.SubsystemFactory() {
                @Override
                public String getName() {
                    return dev.lanshare.service.search.SearchProtocol.SUBSYSTEM;
                }

                @Override
                public org.apache.sshd.server.command.Command createSubsystem(
                        org.apache.sshd.server.channel.ChannelSession channel) {
                    return new org.apache.sshd.server.command.AbstractCommandSupport("endless", null) {
                        @Override
                        public void run() {
                            try {
                                while (true) {
                                    getOutputStream().write(chunk);
                                    getOutputStream().flush();
                                    sent.addAndGet(chunk.length);
                                }
                            } catch (java.io.IOException e) {
                                // the channel was closed: stopped
                            }
                        }
                    };
                }
            }));
            sshd.start();
        }

        int port() {
            return sshd.getPort();
        }

        @Override
        public void close() throws java.io.IOException {
            sshd.stop(true);
        }
    }

    @Test
    void aPeerThatDoesNotAnswerIsNamedAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(10_000); // accepts and never speaks
                } catch (Exception e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            long start = System.nanoTime();
            assertEquals(Main.FAILED, find("127.0.0.1:" + silent.getLocalPort(), "site", "--timeout", "1"));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 3000, "took " + ms + " ms");
            String said = console.said();
            assertTrue(said.contains("127.0.0.1:" + silent.getLocalPort()), said);
        }
    }
}
