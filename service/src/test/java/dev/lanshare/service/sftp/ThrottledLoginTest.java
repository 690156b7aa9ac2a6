package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Settings;
import dev.lanshare.service.Clients;
import dev.lanshare.service.TestHome;
import dev.lanshare.service.auth.LoginThrottle;
import dev.lanshare.service.auth.Logins;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password throttle against MINA's client: guesses sent in parallel from one address, and a success as another
 * account. The throttle's delays are shortened (50 ms doubling up to 400 ms) so that 20 guesses fit in a test.
 */
class ThrottledLoginTest {
    static final int GUESSES = 20;

    @TempDir
    java.nio.file.Path tmp;
    SshServer sshd;
    Clients clients;
    TestHome home;
    LoginThrottle throttle = new LoginThrottle(Clock.systemUTC(), Duration.ofMillis(50), Duration.ofMillis(400));
    ThreadPoolExecutor checker = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp).account("ann").passwordAccount();
        Settings settings = home.settingsForTest();
        Authenticators auth = new Authenticators(new Logins(() -> settings), throttle, checker, timer);
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        sshd.setPasswordAuthenticator(auth);
        sshd.setPublickeyAuthenticator(auth);
        sshd.setKeyboardInteractiveAuthenticator(auth); // as the service: else MINA asks the password one more time
        sshd.start();
        clients = new Clients();
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sshd.stop(true);
        checker.shutdownNow();
        timer.shutdownNow();
    }

    /** One wrong password, waited for as long as it takes: checks of one address are queued one after another. */
    private void wrongPassword() {
        assertThrows(org.apache.sshd.common.SshException.class, () -> {
            try (var session = clients.connect(sshd.getPort(), TestHome.PASSWORD_USER)) {
                session.addPasswordIdentity("guess");
                session.auth().verify(Duration.ofSeconds(120));
            }
        });
    }

    @Test
    void parallelGuessesTakeAsLongAsInARow_andAnotherAccountsSuccessDoesNotResetThem() throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<Void>> guesses = new ArrayList<>();
        for (int i = 0; i < GUESSES; i++) {
            guesses.add(CompletableFuture.runAsync(this::wrongPassword, Executors.newSingleThreadExecutor()));
        }
        CompletableFuture.allOf(guesses.toArray(new CompletableFuture[0])).get(180, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Duration promised = throttle.promisedFor(GUESSES);
        System.out.printf("throttle: %d parallel wrong passwords from 127.0.0.1 took %d ms; %d in a row promise "
                + "%d ms%n", GUESSES, took.toMillis(), GUESSES, promised.toMillis());
        assertTrue(took.compareTo(promised) >= 0, took + " < " + promised);

        try (var own = clients.connect(sshd.getPort(), "ann")) { // the guesser's own account logs in
            own.addPublicKeyIdentity(home.key("ann"));
            own.auth().verify(Duration.ofSeconds(20));
        }
        long before = System.nanoTime();
        wrongPassword();
        Duration next = Duration.ofNanos(System.nanoTime() - before);
        System.out.printf("throttle: after another account's success, the next wrong password took %d ms%n",
                next.toMillis());
        assertTrue(next.toMillis() >= 400, "still at the longest delay, not reset: " + next);
    }
}
