package dev.lanshare.service.discovery;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.DNSEntry;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSRecordClass;
import javax.jmdns.impl.constants.DNSRecordType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JmDNS instance, bound to one local address, with the machine's host name as its host label: it announces
 * both services there and browses {@code _lanshare._tcp}. One instance per address rather than JmmDNS, which
 * renames services "(2)" when its IPv4 and IPv6 instances hear each other. Not thread-safe: the discovery's
 * mDNS thread drives it; JmDNS's own threads only call the listener, which copies and hands off at once.
 */
final class Responder implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);
    /** First probing and announcing take about 1 s (see {@link Probing}); a busy machine gets room to spare. */
    private static final long ANNOUNCE_WAIT_MILLIS = 6000;

    private final Interfaces.Choice where;
    private final JmDNS jmdns;
    // read by other threads (announcedName), written by the mdns thread
    private volatile ServiceInfo sftp;
    private volatile ServiceInfo lanshare;
    private Announcement announced;
    private boolean renameLogged;

    private Responder(Interfaces.Choice where, JmDNS jmdns) {
        this.where = where;
        this.jmdns = jmdns;
    }

    /**
     * Starts a responder and its browser. {@code seen} and {@code gone} are called on JmDNS threads and must
     * not block; {@code resolver} runs the look-ups that complete a newly heard service.
     */
    static Responder open(Interfaces.Choice where, String hostName, Consumer<Sighting> seen,
            BiConsumer<String, String> gone, Executor resolver) throws IOException {
        JmDNS jmdns = JmDNS.create(where.address(), hostName);
        Responder r = new Responder(where, jmdns);
        jmdns.addServiceListener(Announcement.LANSHARE_TYPE, r.listener(seen, gone, resolver));
        return r;
    }

    Interfaces.Choice where() {
        return where;
    }

    /** Registers both services, or brings them up to date; a rename after a conflict is kept, never undone. */
    void announce(Announcement next) throws IOException {
        if (announced != null && announced.name().equals(next.name()) && announced.port() == next.port()) {
            if (!Arrays.equals(announced.sftpText(), next.sftpText())
                    || !Arrays.equals(announced.lanshareText(), next.lanshareText())) {
                announced = next;
                sendText();
            }
            return;
        }
        jmdns.unregisterAllServices();
        sftp = ServiceInfo.create(Announcement.SFTP_TYPE, next.name(), next.port(), 0, 0, next.sftpText());
        lanshare = ServiceInfo.create(Announcement.LANSHARE_TYPE, next.name(), next.port(), 0, 0,
                next.lanshareText());
        jmdns.registerService(sftp);
        jmdns.registerService(lanshare);
        announced = next;
        renameLogged = false;
    }

    /** Logs, once, that probing found the name taken and JmDNS picked another ("Name (2)"). */
    void noticeRename() {
        String now = announcedName();
        if (!renameLogged && announced != null && now != null && !now.equals(announced.name())) {
            renameLogged = true;
            LOG.warn("another machine on {} is called '{}': announcing as '{}'", where.interfaceName(),
                    announced.name(), now);
        }
    }

    /**
     * JmDNS re-announces a changed TXT record only when the service is idle in the announced state; a change
     * made while it is still probing or announcing can be dropped, and worse, leave the service in a state
     * where it no longer answers queries. So: wait until it is announced, then send. (Sending the same text
     * once more later, as this did, put the service back into announcing for 1.25 s, and a change arriving
     * then waited for it; JmDNS's renewal at half the TTL carries the current text anyway.)
     */
    private void sendText() {
        for (ServiceInfo info : new ServiceInfo[] {sftp, lanshare}) {
            if (info instanceof ServiceInfoImpl impl) {
                impl.waitForAnnounced(ANNOUNCE_WAIT_MILLIS);
            }
        }
        sftp.setText(announced.sftpText());
        lanshare.setText(announced.lanshareText());
    }

    /**
     * The {@code _lanshare._tcp} services JmDNS knows and has resolved. Its listener callbacks are events that
     * can be missed (several machines starting at once, a busy machine); this list is the state, read every few
     * seconds so that a missed event only delays a peer.
     */
    List<Sighting> known() {
        List<Sighting> out = new ArrayList<>();
        List<String> leaving = leaving();
        for (ServiceInfo info : jmdns.list(Announcement.LANSHARE_TYPE, 0)) {
            if (info.hasData() && !leaving.contains(info.getName())) {
                out.add(sighting(info));
            }
        }
        return out;
    }

    /** The instance name the network accepted (after a conflict, not the one asked for), or null before. */
    String announcedName() {
        return lanshare == null ? null : lanshare.getName();
    }

    /**
     * Lets JmDNS drop expired records now. Its own reaper runs every 10 s, so a peer's goodbye (which JmDNS
     * keeps for one more second) would otherwise take up to 11 s to show; running the same clean-up four times a
     * second makes a clean stop visible within about 2 s.
     */
    void sweep() {
        if (jmdns instanceof JmDNSImpl impl) {
            impl.cleanCache();
        }
    }

    /**
     * The {@code _lanshare._tcp} instances that said goodbye. JmDNS keeps a goodbye record one more second, and
     * every repeat of the goodbye (it sends three, a second apart) starts that second again, so its own removal
     * event comes 3 s after a peer stopped. A goodbye is the only record with a TTL this low (ours are 30 s), so
     * it is read from the cache directly.
     */
    List<String> leaving() {
        List<String> out = new ArrayList<>();
        if (jmdns instanceof JmDNSImpl impl) {
            for (DNSEntry e : impl.getCache().getDNSEntryList(Announcement.LANSHARE_TYPE, DNSRecordType.TYPE_PTR,
                    DNSRecordClass.CLASS_IN)) {
                if (e instanceof DNSRecord r && r.getTTL() <= 1) {
                    out.add(r.getServiceInfo(false).getName());
                }
            }
        }
        return out;
    }

    /** Says goodbye for both services, then stops. JmDNS takes seconds here: callers close in parallel. */
    @Override
    public void close() throws IOException {
        try {
            jmdns.unregisterAllServices();
        } finally {
            jmdns.close();
        }
    }

    private ServiceListener listener(Consumer<Sighting> seen, BiConsumer<String, String> gone, Executor resolver) {
        return new ServiceListener() {
            @Override
            public void serviceAdded(ServiceEvent event) {
                try {
                    // persistent: JmDNS keeps following the service, so TXT changes arrive as serviceResolved
                    resolver.execute(() -> jmdns.requestServiceInfo(event.getType(), event.getName(), true, 1));
                } catch (RejectedExecutionException e) {
                    LOG.debug("too many services to resolve; skipped {}", event.getName());
                }
            }

            @Override
            public void serviceRemoved(ServiceEvent event) {
                gone.accept(where.via(), event.getName());
            }

            @Override
            public void serviceResolved(ServiceEvent event) {
                ServiceInfo info = event.getInfo();
                if (info != null && info.hasData()) {
                    seen.accept(sighting(info));
                }
            }
        };
    }

    private Sighting sighting(ServiceInfo info) {
        List<InetAddress> addresses = new ArrayList<>(Arrays.asList(info.getInet4Addresses()));
        addresses.addAll(Arrays.asList(info.getInet6Addresses()));
        return new Sighting(where.via(), info.getName(), String.valueOf(info.getServer()),
                addresses.subList(0, Math.min(addresses.size(), 16)), info.getPort(),
                Txt.decode(info.getTextBytes()));
    }
}
