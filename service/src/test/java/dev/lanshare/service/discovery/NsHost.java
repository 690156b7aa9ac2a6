package dev.lanshare.service.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.AtomicFiles;
import dev.lanshare.service.Service;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A lanshare service for the network-namespace tests: runs {@link Service} for {@code --home}-like folder
 * {@code args[0]} and keeps {@code peers.json} there up to date (on every peer event and every half second),
 * which is how a test reads one host's peer list without the control channel. Test code only.
 */
public final class NsHost {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NsHost() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Service service = Service.start(new Service.Options(AppDirs.under(home), null, null, true));
        Discovery discovery = service.discovery().orElseThrow();
        Path out = home.resolve("peers.json");
        Runnable write = () -> write(out, service, discovery);
        discovery.addListener(e -> write.run());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        // the wall clock is shared by every namespace: tests time discovery from this moment
        System.out.println("ready port=" + service.port() + " id=" + discovery.deviceId() + " at="
                + System.currentTimeMillis());
        System.out.flush();
        while (!stopped.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            write.run();
        }
    }

    private static synchronized void write(Path out, Service service, Discovery discovery) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", discovery.announcedName());
        doc.put("port", service.port());
        doc.put("peers", discovery.peers().stream().map(NsHost::peer).toList());
        try {
            AtomicFiles.write(out, JSON.writeValueAsBytes(doc));
        } catch (java.io.IOException e) {
            e.printStackTrace();
        }
    }

    static Map<String, Object> peer(Peer p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.deviceId());
        m.put("name", p.name());
        m.put("host", p.host());
        m.put("url", p.url());
        m.put("addresses", p.addresses().stream().map(a -> a.getHostAddress()).toList());
        m.put("fingerprint", p.fingerprint());
        m.put("shares", p.shares().stream().map(s -> s.name() + ":" + LanshareTxt.flags(s)).toList());
        m.put("truncated", p.sharesTruncated());
        m.put("source", p.source());
        return m;
    }

    static List<String> names(Object peers) {
        return ((List<?>) peers).stream().map(p -> String.valueOf(((Map<?, ?>) p).get("name"))).toList();
    }
}
