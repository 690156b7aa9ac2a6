package dev.lanshare.service.discovery;

import java.net.InetAddress;
import java.util.Timer;
import javax.jmdns.impl.DNSIncoming;
import javax.jmdns.impl.DNSTaskStarter;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.tasks.RecordReaper;
import javax.jmdns.impl.tasks.resolver.ServiceInfoResolver;
import javax.jmdns.impl.tasks.resolver.ServiceResolver;
import javax.jmdns.impl.tasks.resolver.TypeResolver;
import javax.jmdns.impl.tasks.state.Announcer;
import javax.jmdns.impl.tasks.state.Canceler;
import javax.jmdns.impl.tasks.state.Prober;
import javax.jmdns.impl.tasks.state.Renewer;

/**
 * JmDNS's task starter with RFC 6762's timing (section 8): probes 250 ms apart after a random wait of up to
 * 250 ms, and the first announcement 250 ms after the last probe. JmDNS 3.6.3 probes one second apart until its
 * host name has been announced once, that is on every start, and waits another second before its first
 * announcement: about 4 s before anyone can see a new machine, and 1 s before a changed TXT record goes out.
 *
 * <p>Installed through JmDNS's own extension point ({@link DNSTaskStarter.Factory#setClassDelegate}), which is
 * global to the JVM: this package is the only user of JmDNS. Every other task is started exactly as JmDNS does.
 * Rate limiting stays: after {@value DNSConstants#PROBE_THROTTLE_COUNT} probe rounds within {@value
 * DNSConstants#PROBE_THROTTLE_COUNT_INTERVAL} ms (a name conflict that keeps coming back), probes go one second
 * apart, as JmDNS does.
 */
final class Probing implements DNSTaskStarter {
    /** RFC 6762 8.1: 250 ms between probes, and the wait for an answer after the last one. */
    static final int PROBE_INTERVAL_MILLIS = DNSConstants.PROBE_WAIT_INTERVAL;

    private final JmDNSImpl dns;
    private final Timer timer;
    private final Timer stateTimer;

    private Probing(JmDNSImpl dns) {
        this.dns = dns;
        // as JmDNS names and runs them: the state timer is not a daemon, so goodbyes finish before exit
        this.timer = new DNSTaskStarterImpl.StarterTimer("JmDNS(" + dns.getName() + ").Timer", true);
        this.stateTimer = new DNSTaskStarterImpl.StarterTimer("JmDNS(" + dns.getName() + ").State.Timer", false);
    }

    /** Makes every JmDNS instance created from now on use this timing. Idempotent. */
    static void install() {
        DNSTaskStarter.Factory.setClassDelegate(Probing::new);
    }

    @Override
    public void startProber() {
        new QuickProber(dns).start(stateTimer);
    }

    @Override
    public void startAnnouncer() {
        new QuickAnnouncer(dns).start(stateTimer);
    }

    @Override
    public void startRenewer() {
        new Renewer(dns).start(stateTimer);
    }

    @Override
    public void startCanceler() {
        new Canceler(dns).start(stateTimer);
    }

    @Override
    public void startReaper() {
        new RecordReaper(dns).start(timer);
    }

    @Override
    public void startServiceInfoResolver(ServiceInfoImpl info) {
        new ServiceInfoResolver(dns, info).start(timer);
    }

    @Override
    public void startTypeResolver() {
        new TypeResolver(dns).start(timer);
    }

    @Override
    public void startServiceResolver(String type) {
        new ServiceResolver(dns, type).start(timer);
    }

    @Override
    public void startResponder(DNSIncoming in, InetAddress addr, int port) {
        new javax.jmdns.impl.tasks.Responder(dns, in, addr, port).start(timer);
    }

    @Override
    public void purgeTimer() {
        timer.purge();
    }

    @Override
    public void purgeStateTimer() {
        stateTimer.purge();
    }

    @Override
    public void cancelTimer() {
        timer.cancel();
    }

    @Override
    public void cancelStateTimer() {
        stateTimer.cancel();
    }

    /** JmDNS's prober with RFC 6762's intervals also for the first probing of a host. */
    private static final class QuickProber extends Prober {
        QuickProber(JmDNSImpl dns) {
            super(dns);
        }

        @Override
        public void start(Timer timer) {
            JmDNSImpl dns = getDns();
            long now = System.currentTimeMillis();
            boolean recent = now - dns.getLastThrottleIncrement() < DNSConstants.PROBE_THROTTLE_COUNT_INTERVAL;
            dns.setThrottle(recent ? dns.getThrottle() + 1 : 1);
            dns.setLastThrottleIncrement(now);
            if (dns.isCanceling() || dns.isCanceled()) {
                return;
            }
            if (dns.getThrottle() < DNSConstants.PROBE_THROTTLE_COUNT) {
                timer.schedule(this, JmDNSImpl.getRandom().nextInt(1 + PROBE_INTERVAL_MILLIS), PROBE_INTERVAL_MILLIS);
            } else {
                timer.schedule(this, DNSConstants.PROBE_CONFLICT_INTERVAL, DNSConstants.PROBE_CONFLICT_INTERVAL);
            }
        }
    }

    /**
     * JmDNS's announcer, first sending 250 ms after it starts rather than a second: after the last probe that
     * is the RFC's wait for a conflicting answer; after a TXT change it is what makes a change show within 1 s.
     * The second announcement follows a second later, as RFC 6762 8.3 asks.
     */
    private static final class QuickAnnouncer extends Announcer {
        QuickAnnouncer(JmDNSImpl dns) {
            super(dns);
        }

        @Override
        public void start(Timer timer) {
            if (!getDns().isCanceling() && !getDns().isCanceled()) {
                timer.schedule(this, PROBE_INTERVAL_MILLIS, DNSConstants.ANNOUNCE_WAIT_INTERVAL);
            }
        }
    }
}
