package dev.lanshare.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.lanshare.config.AtomicFiles;
import dev.lanshare.config.NetworkPolicy;
import dev.lanshare.config.SettingsException;
import dev.lanshare.service.keys.HostKey;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service as a whole: start-up checks, host key, port, network policy, guests. */
class ServiceTest {
    @TempDir
    Path tmp;

    @Test
    void connectionsFromOutsideThePolicyAreRefusedBeforeAuthentication() throws Exception {
        try (TestHome home = new TestHome(tmp); Clients clients = new Clients()) {
            home.account("ann").settings(s -> s.withNetwork(new NetworkPolicy(List.of("10.0.0.0/8"))));
            home.start();
            assertThrows(Exception.class, () -> clients.withKey(home.port(), "ann", home.key("ann")).close());
            assertTrue(Files.readString(home.dirs().activityLog()).contains("refused address=127.0.0.1"));
        }
    }

    /**
     * A refused connection is closed at once, with no byte of SSH, and the service keeps nothing of it: before,
     * each stayed open on the service's side for ever (one file descriptor each), so a machine outside the
     * policy that kept trying, or a colleague's discovery while sharing is paused, used up the service's
     * descriptors.
     */
    @Test
    void aRefusedConnectionIsClosedAtOnceAndKeepsNoDescriptor() throws Exception {
        try (TestHome home = new TestHome(tmp)) {
            home.account("ann").settings(s -> s.withNetwork(new NetworkPolicy(List.of("10.0.0.0/8"))));
            home.start();
            long before = openDescriptors();
            refuseMany(home.port(), 40);
            waitUntil(() -> openDescriptors() < before + 10, "the refused connections' descriptors given back");
            assertEquals(1, Files.readAllLines(home.dirs().activityLog()).stream()
                    .filter(l -> l.contains("refused address=127.0.0.1")).count(), "one line a minute for an address");
            // and lanshare's own client says why it got nowhere
            java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
            java.io.PrintStream err = System.err;
            System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
            int code;
            try {
                code = dev.lanshare.service.cli.Main.run("ls", "127.0.0.1:" + home.port(), "--home",
                        tmp.resolve("colleague").toString());
            } finally {
                System.setErr(err);
            }
            assertEquals(1, code, said.toString());
            assertTrue(said.toString().contains("closed the connection before showing its host key: sharing may be "
                    + "paused there, or its settings may not let this machine's address in (network.allow)"),
                    said.toString());

            home.change(s -> s.withNetwork(NetworkPolicy.DEFAULT));
            home.service().setPaused(true);
            refuseMany(home.port(), 40);
            waitUntil(() -> openDescriptors() < before + 10, "the same while sharing is paused");
        }
    }

    private static void refuseMany(int port, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(5_000);
                assertEquals(-1, s.getInputStream().read(), "connection " + i + ": closed with nothing sent");
            }
        }
    }

    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theHeapKeepsMoreRoomWhileASessionIsOpenAndLessAgainAfter() throws Exception {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption(HeapSizing.MIN).getValue();
        String max = vm.getVMOption(HeapSizing.MAX).getValue();
        String roomy = Integer.toString(HeapSizing.ROOMY_MIN);
        try (TestHome home = new TestHome(tmp); Clients clients = new Clients()) {
            home.account("ann");
            home.start();
            assertEquals(min, vm.getVMOption(HeapSizing.MIN).getValue(), "idle: as the JVM started");
            try (SftpClient sftp = clients.withKey(home.port(), "ann", home.key("ann"))) {
                waitUntil(() -> roomy.equals(vm.getVMOption(HeapSizing.MIN).getValue()), "room while connected");
                assertEquals(Integer.toString(HeapSizing.ROOMY_MAX), vm.getVMOption(HeapSizing.MAX).getValue());
            }
            waitUntil(() -> min.equals(vm.getVMOption(HeapSizing.MIN).getValue()), "as started once they leave");
            assertEquals(max, vm.getVMOption(HeapSizing.MAX).getValue());
            SftpClient again = clients.withKey(home.port(), "ann", home.key("ann"));
            waitUntil(() -> roomy.equals(vm.getVMOption(HeapSizing.MIN).getValue()), "room again");
            home.close(); // stopped with a session open
            assertEquals(min, vm.getVMOption(HeapSizing.MIN).getValue(), "as started once the service stops");
            assertEquals(max, vm.getVMOption(HeapSizing.MAX).getValue());
            again.close();
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, what);
            Thread.sleep(50);
        }
    }

    @Test
    void hostKeyIsMadeOnceOwnerOnlyAndKept() throws Exception {
        Path file = tmp.resolve("host_key");
        String first = HostKey.loadOrCreate(file).fingerprint();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first, HostKey.loadOrCreate(file).fingerprint());
        assertTrue(first.startsWith("SHA256:"), first);
        OpenSsh.Result keygen = OpenSsh.run(List.of("ssh-keygen", "-l", "-f", file.toString()), null);
        assertTrue(keygen.out().contains(first), "ssh-keygen shows the same fingerprint: " + keygen.all());
    }

    @Test
    void whenThePreferredPortIsTakenTheNextFreeOneIsUsedAndRecorded() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TestHome home = new TestHome(tmp)) {
            int busy = taken.getLocalPort();
            home.account("ann").settings(s -> s.withPort(busy));
            dev.lanshare.config.SettingsFile.save(home.dirs().settingsFile(),
                    home.settings(s -> s).settingsForTest());
            Service service = Service.start(new Service.Options(home.dirs(), InetAddress.getLoopbackAddress(), null));
            try {
                assertNotEquals(busy, service.port());
                assertTrue(service.port() > busy && service.port() <= busy + 20, "port " + service.port());
                var status = StatusFile.read(home.dirs().statusFile()).orElseThrow();
                assertEquals(service.port(), status.port());
                assertEquals(service.fingerprint(), status.fingerprint());
                assertEquals("rw-------", PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(home.dirs().statusFile())));
            } finally {
                service.close();
            }
            assertTrue(StatusFile.read(home.dirs().statusFile()).isEmpty(), "a clean stop removes the status");
        }
    }

    @Test
    void aBadSettingsFileStopsStartUpAndIsLeftAlone() throws Exception {
        TestHome home = new TestHome(tmp);
        AtomicFiles.write(home.dirs().settingsFile(), "version: 1\nport: 99999\nshares: {}\n".getBytes());
        byte[] before = Files.readAllBytes(home.dirs().settingsFile());
        SettingsException e = assertThrows(SettingsException.class,
                () -> Service.start(new Service.Options(home.dirs(), InetAddress.getLoopbackAddress(), 0)));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("settings.yaml:2: port 99999"), e.getMessage());
        assertEquals(new String(before), new String(Files.readAllBytes(home.dirs().settingsFile())));
    }

    @Test
    void guestsAreLetInOnlyWhileSomethingIsSharedWithThem() throws Exception {
        try (TestHome home = new TestHome(tmp); Clients clients = new Clients()) {
            Path open = home.folder("Open");
            home.account("ann").share("Open", open, true, "ann");
            home.start();
            assertThrows(Exception.class, () -> clients.withPassword(home.port(), "guest", "x").close());
            home.change(s -> s.withShare(s.share("Open").orElseThrow().withAccess(
                    java.util.Map.of("guests", dev.lanshare.config.Access.READ))));
            clients.withPassword(home.port(), "guest", "x").close();
        }
    }
}
