package dev.lanshare.service.sftp;

import dev.lanshare.service.auth.LoginThrottle;
import dev.lanshare.service.auth.Logins;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.keyboard.InteractiveChallenge;
import org.apache.sshd.server.auth.keyboard.KeyboardInteractiveAuthenticator;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MINA's three ways in, answered by {@link Logins}. Passwords are checked off the network threads (PBKDF2 is slow
 * on purpose), one at a time per address, and failures answered late ({@link LoginThrottle}). Guests use keyboard-interactive with no prompt,
 * or a password that is ignored; the "none" method is never used (broken in MINA 2.20.0).
 */
final class Authenticators implements PasswordAuthenticator, PublickeyAuthenticator,
        KeyboardInteractiveAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticators.class);

    private final Logins logins;
    private final LoginThrottle throttle;
    private final ExecutorService checker;
    private final ScheduledExecutorService timer;
    /** Per address, the last password check in line (see {@link #authenticate(String, String, ServerSession)}). */
    private final Map<String, CompletableFuture<Void>> turns = new ConcurrentHashMap<>();

    Authenticators(Logins logins, LoginThrottle throttle, ExecutorService checker, ScheduledExecutorService timer) {
        this.logins = logins;
        this.throttle = throttle;
        this.checker = checker;
        this.timer = timer;
    }

    @Override
    public boolean authenticate(String user, String password, ServerSession session) {
        if (Logins.isGuest(user)) {
            return logins.guestAllowed();
        }
        AsyncAuthException pending = new AsyncAuthException();
        char[] secret = password.toCharArray();
        String address = address(session.getClientAddress());
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> previous = turns.put(address, mine);
        // this address's passwords are checked one at a time, each after the previous one was answered (late, when
        // wrong): guesses sent in parallel take as long as in a row
        (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous).whenComplete((v, e) -> {
            try {
                checker.execute(() -> answer(pending, address, user, logins.passwordMatches(user, secret), mine));
            } catch (RejectedExecutionException busy) {
                answer(pending, address, user, false, mine);
            }
        });
        throw pending;
    }

    private void answer(AsyncAuthException pending, String address, String user, boolean ok,
            CompletableFuture<Void> turn) {
        if (ok) {
            throttle.succeeded(address, user);
            pending.setAuthed(true);
            done(address, turn);
            return;
        }
        Duration delay = throttle.failed(address, user);
        LOG.warn("failed password for '{}' from {} ({} recent failures; answering in {} ms)", user, address,
                throttle.failures(address), delay.toMillis());
        timer.schedule(() -> {
            pending.setAuthed(false);
            done(address, turn);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void done(String address, CompletableFuture<Void> turn) {
        turns.remove(address, turn); // the last in line: nothing waits on it
        turn.complete(null);
    }

    @Override
    public boolean authenticate(String user, PublicKey key, ServerSession session) {
        if (Logins.isGuest(user)) {
            return false;
        }
        for (PublicKey allowed : parse(logins.keys(user))) {
            if (KeyUtils.compareKeys(allowed, key)) {
                throttle.succeeded(address(session.getClientAddress()), user);
                return true;
            }
        }
        return false;
    }

    @Override
    public InteractiveChallenge generateChallenge(ServerSession session, String user, String lang, String subMethods) {
        if (!Logins.isGuest(user) || !logins.guestAllowed()) {
            return null; // accounts use password or key
        }
        InteractiveChallenge challenge = new InteractiveChallenge();
        challenge.setInteractionName("lanshare guest");
        challenge.setInteractionInstruction("");
        return challenge; // no prompts: the guest is let in without typing anything
    }

    @Override
    public boolean authenticate(ServerSession session, String user, List<String> responses) {
        return Logins.isGuest(user) && logins.guestAllowed();
    }

    private static List<PublicKey> parse(List<String> lines) {
        try {
            List<AuthorizedKeyEntry> entries = AuthorizedKeyEntry.readAuthorizedKeys(
                    new StringReader(String.join("\n", lines)), true);
            return PublicKeyEntry.resolve(entries);
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("an authorized key cannot be read: {}", e.getMessage());
            return List.of();
        }
    }

    static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private static final class PublicKeyEntry {
        static List<PublicKey> resolve(List<AuthorizedKeyEntry> entries) throws IOException, GeneralSecurityException {
            List<PublicKey> keys = new java.util.ArrayList<>();
            for (AuthorizedKeyEntry e : entries) {
                PublicKey k = e.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (k != null) {
                    keys.add(k);
                }
            }
            return keys;
        }
    }
}
