package dev.lanshare.service.sftp;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.kex.KexState;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Asks every logged-in client for a sign of life now and then, and closes the session of one that answered none of
 * {@link #UNANSWERED} questions in a row, as OpenSSH's sshd does with {@code ClientAliveInterval} and
 * {@code ClientAliveCountMax}. A machine that vanishes mid-copy (its Wi-Fi gone, its lid shut) sends no reset: its
 * session, with its channels, their threads and its open files, stayed here until the idle timeout (30 minutes),
 * and the owner's tray listed it as connected. The question is the {@code keepalive@openssh.com} global request;
 * every client answers a request it does not know with a failure, which is an answer all the same.
 */
final class ClientAlive implements SessionListener {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    /**
     * Questions unanswered before the session is closed: 30-40 s after a client vanished. An answer waits behind what
     * the client sent before it, at most a channel window (2 MiB) a channel: seconds on a slow Wi-Fi.
     */
    static final int UNANSWERED = 3;

    private static final String REQUEST = "keepalive@openssh.com";
    private static final AttributeRepository.AttributeKey<ScheduledFuture<?>> ASKING =
            new AttributeRepository.AttributeKey<>();

    private final ScheduledExecutorService timer;

    ClientAlive(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated || session.getAttribute(ASKING) != null) {
            return;
        }
        AtomicInteger unanswered = new AtomicInteger();
        long every = INTERVAL.toMillis();
        session.setAttribute(ASKING, timer.scheduleAtFixedRate(() -> ask(session, unanswered), every, every,
                TimeUnit.MILLISECONDS));
        if (!session.isOpen()) { // closed meanwhile: sessionClosed may have run before the task was kept
            sessionClosed(session);
        }
    }

    private static void ask(Session session, AtomicInteger unanswered) {
        if (!session.isOpen()) {
            return;
        }
        if (session instanceof AbstractSession s && s.getKexState() != KexState.DONE) {
            return; // a request waits for the new keys: a slow key exchange is no sign of a vanished client
        }
        if (unanswered.incrementAndGet() > UNANSWERED) {
            session.close(true);
            return;
        }
        try {
            Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, REQUEST.length() + 16);
            buffer.putString(REQUEST);
            buffer.putBoolean(true);
            session.request(buffer, REQUEST, (cmd, reply) -> unanswered.set(0));
        } catch (java.io.IOException | RuntimeException e) {
            session.close(true);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        ScheduledFuture<?> asking = session.getAttribute(ASKING);
        if (asking != null) {
            asking.cancel(false);
        }
    }
}
