package dev.lanshare.service.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Reads this machine's firewall rules where it can ({@code nft list ruleset}, {@code iptables-save}; both need
 * root) and picks the rules that drop or reject mDNS (UDP 5353) or the SFTP port. A reader, not a judge of
 * every rule: it finds the plain "drop this port" lines that cause most trouble.
 */
final class Firewall {
    private static final Pattern DROPS = Pattern.compile("\\b(drop|reject)\\b");
    private static final String[][] READERS = {{"nft", "list", "ruleset"}, {"iptables-save"}};

    private Firewall() {
    }

    /** The rules found and how they were read. */
    record Rules(List<String> read, List<String> unreadable, List<String> dropMdns, List<String> dropPort,
            List<String> dropAll) {
    }

    static Rules read(int port) {
        List<String> read = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (String[] command : READERS) {
            try {
                text.addAll(run(command));
                read.add(command[0]);
            } catch (IOException e) {
                unreadable.add(command[0] + " (" + e.getMessage() + ")");
            }
        }
        return new Rules(read, unreadable, dropping(text, 5353), dropping(text, port), defaultDrops(text));
    }

    /** Lines that drop or reject traffic to {@code port}: nft's {@code dport 5353 drop}, iptables' {@code --dport}. */
    static List<String> dropping(List<String> lines, int port) {
        Pattern p = Pattern.compile("dport\\s+(\\{[^}]*\\b" + port + "\\b[^}]*}|" + port + "\\b)");
        return lines.stream().map(String::strip)
                .filter(l -> DROPS.matcher(l.toLowerCase(Locale.ROOT)).find() && p.matcher(l).find()).toList();
    }

    /** Input chains whose default is to drop: then 5353 and the port must be accepted by a rule. */
    static List<String> defaultDrops(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> l.contains("hook input") && l.contains("policy drop")
                || l.startsWith(":INPUT DROP")).toList();
    }

    private static List<String> run(String... command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("not installed");
        }
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(1 << 20);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("did not answer within 5 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(text.lines().findFirst().orElse("exit " + p.exitValue()).strip());
            }
            return text.lines().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
