package dev.lanshare.service.sftp;

import dev.lanshare.service.activity.ActivityLog;
import dev.lanshare.service.events.Events;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts sessions against the {@link ConnectionLimits}: lets a few of an address log in at once, holds the rest of
 * a burst until one of those is done, refuses beyond the limits with an SSH disconnect message the client prints,
 * and reports sessions that use the shares to the activity log and the control channel.
 *
 * <p>A session is reported as opened when it first opens something of the shares (SFTP, search: the subsystems
 * {@link #announcing} wraps), not at its login: machines beyond the local network log in as the guest every few
 * seconds only to exchange introductions (discovery's {@code lanshare-hello}), and each such session was a
 * "session-opened" line in the owner's activity log, and a "someone connected to your shares" notice in the tray.
 */
final class Sessions implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    /** Time to log in: enough for a person typing a password at the first few connections of an address. */
    static final Duration LOGIN_TIME = Duration.ofSeconds(30);
    /** Time to log in for the connections of a burst beyond those few: programs, which answer at once. */
    static final Duration BURST_LOGIN_TIME = Duration.ofSeconds(10);
    /** Logging in at once from one address before its next connections get {@link #BURST_LOGIN_TIME}. */
    static final int PEOPLE_PER_ADDRESS = 3;

    private static final AttributeRepository.AttributeKey<Boolean> COUNTED = new AttributeRepository.AttributeKey<>();
    private static final AttributeRepository.AttributeKey<String> REFUSED = new AttributeRepository.AttributeKey<>();
    /** A logged-in session's report: {@link #QUIET} until it uses the shares, then {@link #OPENED}, then closed. */
    private static final AttributeRepository.AttributeKey<AtomicInteger> REPORT =
            new AttributeRepository.AttributeKey<>();
    private static final int QUIET = 0;
    private static final int OPENED = 1;
    private static final int CLOSED = 2;

    private final ConnectionLimits<Session> limits = new ConnectionLimits<>();
    private final RefusalLog refusals = new RefusalLog(LOG);
    private final AtomicInteger loggedIn = new AtomicInteger();
    private final ActivityLog activity;
    private final Events events;

    Sessions(ActivityLog activity, Events events) {
        this.activity = activity;
        this.events = events;
    }

    /** Logged-in sessions that use the shares now. */
    int loggedIn() {
        return loggedIn.get();
    }

    @Override
    public void sessionCreated(Session session) {
        String address = address(session);
        ConnectionLimits.Admission admission = limits.admit(address, session);
        switch (admission.verdict()) {
            case REFUSE -> {
                // told once the server's identification is out (sessionNegotiationOptionsCreated): a disconnect
                // before it is not SSH, and OpenSSH prints only "Connection closed"
                session.setAttribute(REFUSED, admission.why());
                if (refusals.refused(address, admission.why())) {
                    activity.record("refused", "address", address, "why", admission.why());
                }
            }
            case WAIT -> {
                session.setAttribute(COUNTED, Boolean.TRUE);
                // waiting counts against the login time: a silent one still goes, after at most LOGIN_TIME
                CoreModuleProperties.AUTH_TIMEOUT.set(session, LOGIN_TIME);
                session.getIoSession().suspendRead(); // its first bytes are read when its turn comes
            }
            case LOG_IN -> {
                session.setAttribute(COUNTED, Boolean.TRUE);
                boolean burst = limits.loggingIn(address) > PEOPLE_PER_ADDRESS;
                CoreModuleProperties.AUTH_TIMEOUT.set(session, burst ? BURST_LOGIN_TIME : LOGIN_TIME);
            }
        }
    }

    @Override
    public void sessionNegotiationOptionsCreated(Session session, Map<KexProposalOption, String> proposal) {
        String why = session.getAttribute(REFUSED);
        if (why == null) {
            return;
        }
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_TOO_MANY_CONNECTIONS,
                    "lanshare: too many connections: " + why + "; try again later");
        } catch (IOException | RuntimeException e) {
            session.close(true);
        }
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated || session.getAttribute(COUNTED) == null) {
            return;
        }
        String address = address(session);
        limits.loggedIn(address, session).ifPresent(Sessions::letIn);
        session.setAttribute(REPORT, new AtomicInteger(QUIET));
    }

    /** {@code factory}'s subsystem is a use of the shares: its session is reported as opened when it starts one. */
    SubsystemFactory announcing(SubsystemFactory factory) {
        return new SubsystemFactory() {
            @Override
            public String getName() {
                return factory.getName();
            }

            @Override
            public Command createSubsystem(ChannelSession channel) throws IOException {
                opened(channel.getSession());
                return factory.createSubsystem(channel);
            }
        };
    }

    private void opened(Session session) {
        AtomicInteger report = session.getAttribute(REPORT);
        if (report == null || !report.compareAndSet(QUIET, OPENED)) {
            return; // reported already, or closed (or not logged in, which MINA does not let open a channel)
        }
        String address = address(session);
        int now = loggedIn.incrementAndGet();
        activity.record("session-opened", "account", session.getUsername(), "address", address);
        events.publish("session-opened", Map.of("account", session.getUsername(), "address", address,
                "sessions", now));
    }

    @Override
    public void sessionClosed(Session session) {
        if (session.getAttribute(COUNTED) == null) {
            return;
        }
        String address = address(session);
        limits.closed(address, session).ifPresent(Sessions::letIn);
        AtomicInteger report = session.getAttribute(REPORT);
        if (report != null && report.getAndSet(CLOSED) == OPENED) {
            int now = loggedIn.decrementAndGet();
            activity.record("session-closed", "account", session.getUsername(), "address", address);
            events.publish("session-closed", Map.of("account", session.getUsername(), "address", address,
                    "sessions", now));
        }
    }

    private static void letIn(Session waiting) {
        // its turn: BURST_LOGIN_TIME from now, not from when it came
        CoreModuleProperties.AUTH_TIMEOUT.set(waiting, BURST_LOGIN_TIME);
        waiting.resetAuthTimeout();
        waiting.getIoSession().resumeRead();
    }

    private static String address(Session session) {
        return Authenticators.address(session.getRemoteAddress());
    }
}
