package dev.lanshare.service.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.config.Access;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.config.Share;
import dev.lanshare.service.Clients;
import dev.lanshare.service.TestHome;
import dev.lanshare.service.Tools;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control channel against a real service: requests, events, permissions and bad input. */
class ControlChannelTest {
    @TempDir
    Path tmp;
    TestHome home;
    Path socket;

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        home.account("ann");
        home.start();
        socket = ControlClient.socketFile(home.dirs());
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
        assertFalse(Files.exists(socket), "the socket is removed on stop");
    }

    private ControlClient client() {
        return ControlClient.connect(home.dirs()).orElseThrow();
    }

    private void assertStillServing() throws Exception {
        try (ControlClient c = client()) {
            assertEquals(home.port(), c.request("status", Map.of()).path("port").asInt());
        }
    }

    @Test
    void onlyTheOwnerCanReachTheSocket() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    }

    @Test
    void anotherUserIsRefused() throws Exception {
        Tools.requireRoot("running a client as another user (runuser)");
        Path probe = Files.createTempDirectory("probe");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path source = probe.resolve("Probe.java");
        Files.writeString(source, String.join("\n",
                "import java.net.*; import java.nio.channels.*;",
                "public class Probe { public static void main(String[] a) {",
                "  try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {",
                "    c.connect(UnixDomainSocketAddress.of(a[0])); System.out.println(\"CONNECTED\");",
                "  } catch (Exception e) { System.out.println(\"REFUSED \" + e.getMessage()); } } }", ""));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(Tools.require("runuser"), "-u", "nobody", "--", java, source.toString(), socket.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("REFUSED"), out);
        assertStillServing();
    }

    @Test
    void sharesChangeThroughTheChannelAndTakeEffectAtOnce() throws Exception {
        Path plans = home.folder("Plans");
        try (ControlClient c = client()) {
            JsonNode added = c.request("shares.add", Map.of("share", Protocol.share(
                    new Share("Plans", plans, false, Map.of("ann", Access.WRITE)))));
            assertEquals("Plans", added.path("name").asText());
            assertTrue(home.service().settings().share("Plans").isPresent(), "applied before the reply");
            assertTrue(SettingsFile.load(home.dirs().settingsFile()).share("Plans").isPresent(), "and saved");
            assertEquals(1, c.request("shares.list", Map.of()).size());
            ControlException e = assertThrows(ControlException.class, () -> c.request("shares.add",
                    Map.of("share", Map.of("name", "Bad", "folder", "/does/not/exist"))));
            assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
            ControlException grant = assertThrows(ControlException.class, () -> c.request("shares.change",
                    Map.of("share", Protocol.share(new Share("Plans", plans, true, Map.of("ann", Access.WRITE))))));
            assertTrue(grant.getMessage().contains("share 'Plans' is read-only, so ann cannot write there; make the "
                    + "share read-write"), grant.getMessage());
            assertFalse(home.service().settings().share("Plans").orElseThrow().readOnly(), "left as it was");
            assertThrows(ControlException.class, () -> c.request("shares.remove", Map.of("name", "Nope")));
            c.request("shares.remove", Map.of("name", "Plans"));
            assertTrue(home.service().settings().shares().isEmpty());
            assertThrows(ControlException.class, () -> c.request("no.such.op", Map.of()));
        }
    }

    @Test
    void subscribersHearOfSettingsAndSessions() throws Exception {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        ControlClient subscriber = client();
        Thread t = new Thread(() -> {
            try {
                subscriber.subscribe(events::add);
            } catch (Exception e) {
                // closed at the end of the test
            }
        });
        t.start();
        Thread.sleep(300);
        Path plans = home.folder("Plans");
        try (ControlClient c = client()) {
            c.request("shares.add", Map.of("share", Protocol.share(new Share("Plans", plans, true,
                    Map.of("ann", Access.READ)))));
        }
        JsonNode changed = events.poll(10, TimeUnit.SECONDS);
        assertEquals("settings-changed", changed.path("event").asText());
        assertEquals(List.of("Plans"), List.of(changed.path("data").path("shares").get(0).asText()));
        try (Clients clients = new Clients()) {
            clients.withKey(home.port(), "ann", home.key("ann")).close();
        }
        JsonNode opened = events.poll(10, TimeUnit.SECONDS);
        assertEquals("session-opened", opened.path("event").asText());
        assertEquals("ann", opened.path("data").path("account").asText());
        subscriber.close();
        t.join(5000);
    }

    @Test
    void pausingStopsServingAndResumingBringsItBack() throws Exception {
        try (Clients clients = new Clients()) {
            var open = clients.withKey(home.port(), "ann", home.key("ann"));
            try (ControlClient c = client()) {
                assertEquals(true, c.request("sharing.pause", Map.of()).path("paused").asBoolean());
                assertTrue(c.request("status", Map.of()).path("paused").asBoolean());
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (open.isOpen() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertFalse(open.isOpen(), "the open session was closed");
                assertThrows(Exception.class, () -> clients.withKey(home.port(), "ann", home.key("ann")).close(),
                        "no new sessions while paused");
                c.request("sharing.resume", Map.of());
                assertFalse(c.request("status", Map.of()).path("paused").asBoolean());
            }
            clients.withKey(home.port(), "ann", home.key("ann")).close();
        }
    }

    @Test
    void aKeyAddedToAnAccountLetsItInAndRemovingItShutsItOut() throws Exception {
        java.security.KeyPair laptop = org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair(
                org.apache.sshd.common.keyprovider.KeyPairProvider.SSH_ED25519, 256);
        String line = org.apache.sshd.common.config.keys.PublicKeyEntry.toString(laptop.getPublic()) + " ann@laptop";
        try (ControlClient c = client(); Clients clients = new Clients()) {
            assertThrows(Exception.class, () -> clients.withKey(home.port(), "ann", laptop).close(), "not yet");
            JsonNode added = c.request("accounts.keys.add", Map.of("name", "ann", "key", line + "\n"));
            assertEquals(2, added.path("keys").asInt());
            String fingerprint = added.path("fingerprint").asText();
            assertTrue(fingerprint.startsWith("SHA256:"), fingerprint);
            assertEquals(2, SettingsFile.load(home.dirs().settingsFile()).account("ann").orElseThrow().keys().size(),
                    "saved");
            clients.withKey(home.port(), "ann", laptop).close();

            ControlException twice = assertThrows(ControlException.class,
                    () -> c.request("accounts.keys.add", Map.of("name", "ann", "key", line)));
            assertTrue(twice.getMessage().contains("has that key already"), twice.getMessage());
            for (String bad : List.of("ssh-ed25519 AAAAnotbase64!!", "hello", "-----BEGIN OPENSSH PRIVATE KEY-----")) {
                ControlException e = assertThrows(ControlException.class,
                        () -> c.request("accounts.keys.add", Map.of("name", "ann", "key", bad)), bad);
                assertFalse(e.getMessage().isEmpty());
            }
            assertThrows(ControlException.class,
                    () -> c.request("accounts.keys.add", Map.of("name", "nobody", "key", line)));

            assertEquals(1, c.request("accounts.keys.remove", Map.of("name", "ann", "key", fingerprint))
                    .path("removed").asInt());
            assertThrows(Exception.class, () -> clients.withKey(home.port(), "ann", laptop).close(), "removed");
            clients.withKey(home.port(), "ann", home.key("ann")).close(); // the other key still works
            assertThrows(ControlException.class,
                    () -> c.request("accounts.keys.remove", Map.of("name", "ann", "key", fingerprint)));
        }
    }

    /**
     * An operation that fails on the network is answered with why, on a connection that goes on: adding a machine
     * that lets no guest in closed the control connection without a word ("the service closed the control
     * connection"), as did any operation's I/O failure.
     */
    @Test
    void aFailingOperationIsAnsweredWithWhyAndTheConnectionGoesOn() throws Exception {
        try (TestHome carl = new TestHome(tmp.resolve("carl"))) {
            carl.account("carl").share("Books", carl.folder("Books"), true, "carl").start();
            String at = "127.0.0.1:" + carl.port();
            try (ControlClient c = client()) {
                ControlException e = assertThrows(ControlException.class, () -> c.request("peers.add",
                        Map.of("address", at, "fingerprint", carl.service().fingerprint())));
                assertTrue(e.getMessage().contains("does not let guests in"), e.getMessage());
                assertEquals(home.port(), c.request("status", Map.of()).path("port").asInt(), "the same connection");
            }
        }
    }

    @Test
    void theMachineGetsANewName() throws Exception {
        try (ControlClient c = client()) {
            assertEquals("Ann's Office PC", c.request("machine.name", Map.of("name", " Ann's Office PC "))
                    .path("name").asText());
            assertEquals("Ann's Office PC", c.request("status", Map.of()).path("name").asText());
            assertEquals("Ann's Office PC", SettingsFile.load(home.dirs().settingsFile()).name());
            ControlException tooLong = assertThrows(ControlException.class,
                    () -> c.request("machine.name", Map.of("name", "x".repeat(64))));
            assertTrue(tooLong.getMessage().contains("63"), tooLong.getMessage());
            assertThrows(ControlException.class, () -> c.request("machine.name", Map.of()));
            c.request("machine.name", Map.of("name", ""));
            assertEquals(dev.lanshare.service.Hosts.hostName(), c.request("status", Map.of()).path("name").asText(),
                    "empty: the host name");
        }
    }

    @Test
    void badInputGetsAnErrorAndTheServiceGoesOn() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(ch);
            InputStream in = Channels.newInputStream(ch);
            out.write("{this is not json\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(readLine(in).contains("\"ok\":false"), "malformed JSON gets an error reply");
            out.write("[1,2,3]\nnull\n{\"op\":42}\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                assertTrue(readLine(in).contains("\"ok\":false"));
            }
            // 10 MB in one message: refused, connection closed
            byte[] chunk = new byte[1024 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            try {
                for (int i = 0; i < 10; i++) {
                    out.write(chunk);
                }
            } catch (java.io.IOException closedOnUs) {
                // the service may close before we finish: that is the point
            }
            assertTrue(readLine(in).contains("longer than"));
        }
        // half a request, then the connection goes away
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(ch).write("{\"op\":\"sta".getBytes(StandardCharsets.UTF_8));
        }
        assertStillServing();
    }

    private static String readLine(InputStream in) throws Exception {
        return new String(Protocol.readLine(in), StandardCharsets.UTF_8);
    }
}
