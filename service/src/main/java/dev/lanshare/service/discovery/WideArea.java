package dev.lanshare.service.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Unicast DNS-SD (RFC 6763 over ordinary DNS) in an office DNS domain: this machine registers its
 * {@code _lanshare._tcp} records there with DNS UPDATE (RFC 2136, signed with TSIG when a key is set) and reads
 * the other machines' records back. dnsjava is used here only. Not thread-safe: one caller (the discovery timer).
 */
final class WideArea {
    private static final Logger LOG = LoggerFactory.getLogger(WideArea.class);
    /** The settings file, in the config folder: {@code domain}, {@code server}, {@code key-name}, ... */
    static final String FILE = "wide-area.properties";
    static final String SERVICE = "_lanshare._tcp";
    static final long TTL = 120;
    static final int MAX_INSTANCES = 64;
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static {
        // dnsjava's own shutdown hook closes its selector while ours still deletes our records (measured: the
        // delete failed with "Shutdown in progress"); Discovery.close stops it in order instead
        if (System.getProperty("dnsjava.nio.register_shutdown_hook") == null) {
            System.setProperty("dnsjava.nio.register_shutdown_hook", "false");
        }
    }

    private static final Set<String> ALGORITHMS = Set.of("hmac-sha256", "hmac-sha384", "hmac-sha512",
            "hmac-sha224", "hmac-sha1", "hmac-md5");

    /** Where and how: the domain, the server (null: the zone's primary), the TSIG key (null: unsigned). */
    record Setup(Name domain, InetSocketAddress server, TSIG key, String keyName) {
        /** What {@link Discovery#setWideArea} does: checks the file as {@link #load} will read it, then writes it. */
        static Path save(Path configDir, String domain, String server, Path keyFile) throws IOException {
            Path file = configDir.resolve(FILE);
            if (domain == null) {
                Files.deleteIfExists(file);
                return file;
            }
            StringBuilder text = new StringBuilder("# unicast DNS-SD (lanshare discovery domain)\ndomain=" + domain
                    + "\n");
            if (server != null) {
                text.append("server=").append(server).append('\n');
            }
            if (keyFile != null) {
                String key;
                try {
                    key = Files.readString(keyFile);
                } catch (IOException e) {
                    throw new IOException("cannot read the key file " + keyFile + ": " + e.getMessage());
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("key\\s+\"?([^\"\\s{]+)\"?\\s*\\{[^}]*?"
                        + "algorithm\\s+\"?([A-Za-z0-9-]+)\"?\\s*;[^}]*?secret\\s+\"([A-Za-z0-9+/=]+)\"").matcher(key);
                if (!m.find()) {
                    throw new IOException(keyFile + " is not a TSIG key as tsig-keygen writes it: "
                            + "key \"NAME\" { algorithm hmac-sha256; secret \"BASE64\"; };");
                }
                text.append("key-name=").append(m.group(1)).append("\nkey-algorithm=").append(m.group(2))
                        .append("\nkey-secret=").append(m.group(3)).append('\n');
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            Path check = Files.createTempDirectory("lanshare-wide-area");
            try {
                dev.lanshare.config.AtomicFiles.write(check.resolve(FILE), bytes);
                load(check);
            } catch (IOException e) {
                throw new IOException(e.getMessage().replace(check.resolve(FILE) + ": ", ""));
            } finally {
                Files.deleteIfExists(check.resolve(FILE));
                Files.deleteIfExists(check);
            }
            dev.lanshare.config.AtomicFiles.write(file, bytes);
            return file;
        }

        /**
         * Reads {@code dir/wide-area.properties}; empty when there is none. A malformed file, or a key secret in
         * a file that others may read, fails with a message that names the file and what to change.
         */
        static Optional<Setup> load(Path dir) throws IOException {
            Path file = dir.resolve(FILE);
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            String where = file + ": ";
            String domain = p.getProperty("domain", "").trim();
            if (domain.isEmpty()) {
                throw new IOException(where + "'domain' is missing (such as domain=office.example.)");
            }
            Name name;
            try {
                name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
            } catch (TextParseException e) {
                throw new IOException(where + "domain '" + domain + "' is not a DNS name: " + e.getMessage());
            }
            InetSocketAddress server = null;
            String s = p.getProperty("server", "").trim();
            if (!s.isEmpty()) {
                server = hostPort(s, where);
            }
            TSIG key = null;
            String keyName = p.getProperty("key-name", "").trim();
            if (!keyName.isEmpty()) {
                if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                    if (perms.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                        throw new IOException(where + "holds a key secret but others may read it: chmod 600 " + file);
                    }
                }
                String algorithm = p.getProperty("key-algorithm", "hmac-sha256").trim().toLowerCase();
                if (!ALGORITHMS.contains(algorithm)) {
                    throw new IOException(where + "key-algorithm '" + algorithm + "' is not one of " + ALGORITHMS);
                }
                String secret = p.getProperty("key-secret", "").trim();
                try {
                    if (secret.isEmpty() || Base64.getDecoder().decode(secret).length < 8) {
                        throw new IllegalArgumentException("too short");
                    }
                    key = new TSIG(Name.fromString(algorithm + "."), keyName.endsWith(".") ? keyName
                            : keyName + ".", secret);
                } catch (IllegalArgumentException | TextParseException e) {
                    throw new IOException(where + "key-secret must be the base64 secret of key '" + keyName
                            + "' (as tsig-keygen prints it): " + e.getMessage());
                }
            }
            return Optional.of(new Setup(name, server, key, keyName.isEmpty() ? null : keyName));
        }

        static InetSocketAddress hostPort(String s, String where) throws IOException {
            String host = s;
            int port = 53;
            int colon = s.lastIndexOf(':');
            if (colon > 0 && s.indexOf(':') == colon || s.startsWith("[") && s.contains("]:")) {
                host = s.substring(0, colon).replace("[", "").replace("]", "");
                try {
                    port = Integer.parseInt(s.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (port < 1 || port > 65535) {
                throw new IOException(where + "server '" + s + "': the port must be 1-65535");
            }
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (IOException e) {
                throw new IOException(where + "server '" + s + "' is not a known host: " + e.getMessage());
            }
        }
    }

    /** One {@code _lanshare._tcp} instance read from the domain. */
    record Found(String instance, String address, int port, String deviceId, String fingerprint) {
    }

    private final Setup setup;
    private final String ownId;
    private final Name service;
    private final Name host;
    private Name registered;
    private List<Record> registeredRecords = List.of();
    private String lastProblem;

    WideArea(Setup setup, String ownId) {
        this.setup = setup;
        this.ownId = ownId;
        try {
            this.service = Name.fromString(SERVICE, setup.domain());
            // one host name per machine, by device id: display names may repeat, device ids do not
            this.host = Name.fromString("lanshare-" + ownId.substring(0, 12), setup.domain());
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Setup setup() {
        return setup;
    }

    /**
     * Writes (or replaces) this machine's PTR, SRV, TXT and A/AAAA records. Does nothing when they are unchanged
     * since the last successful write. Problems are logged once, clearly, and tried again on the next call.
     */
    void register(Announcement a, List<InetAddress> addresses) {
        try {
            // the device id's first digits keep two machines of the same display name apart
            Name instance = Name.concatenate(escape(cut(a.name(), 56) + " (" + ownId.substring(0, 4) + ")"),
                    service);
            List<Record> records = new ArrayList<>();
            records.add(new PTRRecord(service, DClass.IN, TTL, instance));
            records.add(new SRVRecord(instance, DClass.IN, TTL, 0, 0, a.port(), host));
            records.add(Record.newRecord(instance, Type.TXT, DClass.IN, TTL, a.lanshareText()));
            for (InetAddress ad : addresses) {
                if (ad instanceof Inet4Address) {
                    records.add(new ARecord(host, DClass.IN, TTL, ad));
                } else if (ad instanceof Inet6Address && !ad.isLinkLocalAddress()) {
                    records.add(new AAAARecord(host, DClass.IN, TTL, ad));
                }
            }
            if (instance.equals(registered) && records.equals(registeredRecords)) {
                return;
            }
            Update u = new Update(setup.domain());
            if (registered != null && !registered.equals(instance)) {
                u.delete(new PTRRecord(service, DClass.IN, 0, registered));
                u.delete(registered);
            }
            u.delete(instance);
            u.delete(host);
            // our own PTR only: the other machines' PTRs at the same name stay
            u.delete(new PTRRecord(service, DClass.IN, 0, instance));
            records.forEach(u::add);
            InetSocketAddress at = send(u, "register " + instance + " in " + setup.domain());
            registered = instance;
            registeredRecords = records;
            LOG.info("registered '{}' in {} ({} records) at {}", a.name(), setup.domain(), records.size(), at);
        } catch (IOException | RuntimeException e) {
            problem("could not register in " + setup.domain() + ": " + e.getMessage());
        }
    }

    /** Deletes this machine's records (a clean stop). */
    void unregister() {
        if (registered == null) {
            return;
        }
        try {
            Update u = new Update(setup.domain());
            u.delete(new PTRRecord(service, DClass.IN, 0, registered));
            u.delete(registered);
            u.delete(host);
            send(u, "remove " + registered);
            LOG.info("removed this machine's records from {}", setup.domain());
            registered = null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove this machine's records from {}: {}", setup.domain(), e.getMessage());
        }
    }

    /** The other machines registered in the domain now (at most {@link #MAX_INSTANCES}), never this one. */
    List<Found> browse() throws IOException {
        SimpleResolver r = resolver(queryServer());
        List<Found> found = new ArrayList<>();
        for (Record ptr : query(r, service, Type.PTR)) {
            if (found.size() >= MAX_INSTANCES) {
                LOG.debug("{} lists more than {} machines; reading the first", service, MAX_INSTANCES);
                break;
            }
            try {
                Name instance = ((PTRRecord) ptr).getTarget();
                SRVRecord srv = query(r, instance, Type.SRV).stream().map(SRVRecord.class::cast).findFirst()
                        .orElse(null);
                Record txt = query(r, instance, Type.TXT).stream().findFirst().orElse(null);
                if (srv == null || txt == null) {
                    continue;
                }
                Map<String, String> fields = Txt.decode(txt.rdataToWireCanonical());
                var content = LanshareTxt.decode(fields);
                if (content.isEmpty() || content.get().deviceId().equals(ownId)) {
                    continue;
                }
                List<Record> a = query(r, srv.getTarget(), Type.A);
                if (a.isEmpty()) {
                    a = query(r, srv.getTarget(), Type.AAAA);
                }
                if (a.isEmpty()) {
                    continue;
                }
                String address = a.get(0) instanceof ARecord x ? x.getAddress().getHostAddress()
                        : ((AAAARecord) a.get(0)).getAddress().getHostAddress();
                found.add(new Found(instance.toString(), address, srv.getPort(), content.get().deviceId(),
                        content.get().fingerprint()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("skipped {} in {}: {}", ptr.rdataToString(), setup.domain(), e.toString());
            }
        }
        return found;
    }

    private List<Record> query(SimpleResolver r, Name name, int type) throws IOException {
        Message m = r.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        if (m.getRcode() != Rcode.NOERROR && m.getRcode() != Rcode.NXDOMAIN) {
            throw new IOException(Type.string(type) + " " + name + ": " + Rcode.string(m.getRcode()));
        }
        return m.getSection(Section.ANSWER).stream().filter(x -> x.getType() == type && x.getName().equals(name))
                .limit(MAX_INSTANCES).toList();
    }

    /** Sends an update to {@link #server}; returns where it went. */
    private InetSocketAddress send(Update u, String what) throws IOException {
        InetSocketAddress at = server();
        SimpleResolver r = resolver(at);
        if (setup.key() != null) {
            r.setTSIGKey(setup.key());
        }
        Message m = r.send(u);
        int rcode = m.getRcode();
        if (rcode != Rcode.NOERROR) {
            String why = switch (rcode) {
                case Rcode.REFUSED -> setup.key() == null ? "the server refuses unsigned updates: set a TSIG key"
                        : "the server refuses updates signed with key '" + setup.keyName()
                                + "': check the zone's update policy";
                case Rcode.NOTAUTH -> "the server does not accept key '" + setup.keyName()
                        + "' (wrong name, algorithm or secret) or is not authoritative for " + setup.domain();
                default -> "the server answered " + Rcode.string(rcode);
            };
            throw new IOException(what + " at " + at + " failed: " + why);
        }
        lastProblem = null;
        return at;
    }

    private void problem(String text) {
        if (!text.equals(lastProblem)) {
            LOG.warn("unicast DNS-SD: {}; will try again", text);
            lastProblem = text;
        }
    }

    private InetSocketAddress queryServer() throws IOException {
        if (setup.server() != null) {
            return setup.server();
        }
        return ResolverConfig.getCurrentConfig().servers().stream().findFirst()
                .orElseThrow(() -> new IOException("no DNS server configured on this machine"));
    }

    /** Where updates go: the configured server, else the primary named in the zone's SOA. */
    private InetSocketAddress server() throws IOException {
        if (setup.server() != null) {
            return setup.server();
        }
        List<Record> soa = query(resolver(queryServer()), setup.domain(), Type.SOA);
        if (soa.isEmpty()) {
            throw new IOException("no SOA record for " + setup.domain() + ": set 'server'");
        }
        return new InetSocketAddress(InetAddress.getByName(((SOARecord) soa.get(0)).getHost().toString()), 53);
    }

    private static SimpleResolver resolver(InetSocketAddress at) {
        SimpleResolver r = new SimpleResolver(at);
        r.setTimeout(TIMEOUT);
        return r;
    }

    private static String cut(String s, int bytes) {
        while (s.getBytes(StandardCharsets.UTF_8).length > bytes) {
            s = s.substring(0, s.offsetByCodePoints(s.length(), -1));
        }
        return s;
    }

    /** One DNS label from a display name: dots and backslashes escaped, at most 63 bytes. */
    static Name escape(String label) throws TextParseException {
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < label.length(); ) {
            int cp = label.codePointAt(i);
            String one = new String(Character.toChars(cp));
            int n = one.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > 63) {
                break;
            }
            bytes += n;
            if (cp == '.' || cp == '\\') {
                b.append('\\').append(one);
            } else if (cp < 0x21 || cp > 0x7e) {
                for (byte x : one.getBytes(StandardCharsets.UTF_8)) {
                    b.append('\\').append(String.format("%03d", x & 0xff));
                }
            } else {
                b.append(one);
            }
            i += Character.charCount(cp);
        }
        return Name.fromString(b.toString());
    }
}
