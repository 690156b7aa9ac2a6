package dev.lanshare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as a table for people and as JSON for comparisons over time. */
final class Report {
    private static final String ROW = "%-38s %-9s %-16s %-16s %-7s %-7s %s%n";

    private Report() {
    }

    static String table(Results r, BenchSize size) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, ROW, "metric", "unit", "lanshare", "OpenSSH", "ratio", "target",
                "met"));
        for (Metric m : Metric.values()) {
            Results.Summary l = r.summary(m, "lanshare");
            if (l == null) {
                continue;
            }
            Boolean met = r.met(m);
            sb.append(String.format(Locale.ROOT, ROW, m.label(size), m.unit, cell(l), cell(r.summary(m, "openssh")),
                    m.compared() ? number(r.ratio(m)) + "x" : "", target(m), met == null ? "" : met ? "yes" : "NO"));
        }
        sb.append("medians of ").append(size.rounds()).append(" alternating A/B rounds after at least ")
                .append(size.warmUps()).append(" unmeasured pass(es) and ").append(size.warmUpSeconds())
                .append(" s of them per server; ±: half the range of the samples as a share of the median; "
                        + "MB = 10^6 bytes\n");
        r.notes().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    static void writeJson(Results r, BenchSize size, Path file) throws IOException {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("size", size);
        top.put("notes", r.notes());
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            if (r.summary(m, "lanshare") == null) {
                continue;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", m.label(size));
            e.put("unit", m.unit);
            for (String server : List.of("lanshare", "openssh")) {
                Results.Summary s = r.summary(m, server);
                if (s != null) {
                    e.put(server, Map.of("median", s.median(), "samples", r.samples(m, server)));
                }
            }
            if (m.compared()) {
                e.put("ratio", r.ratio(m));
            }
            if (!Double.isNaN(m.target)) {
                e.put("target", target(m));
                e.put("met", r.met(m));
            }
            metrics.put(m.key, e);
        }
        top.put("metrics", metrics);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), top);
    }

    private static String cell(Results.Summary s) {
        if (s == null) {
            return "-";
        }
        return s.n() > 1 ? number(s.median()) + " ±" + Math.round(s.spread() * 100) + "%" : number(s.median());
    }

    private static String target(Metric m) {
        if (Double.isNaN(m.target)) {
            return "";
        }
        return switch (m.kind) {
            case HIGHER_IS_BETTER -> ">=" + number(m.target) + "x";
            case LOWER_IS_BETTER -> "<=" + number(m.target) + "x";
            case AT_MOST -> "<=" + number(m.target);
        };
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }
}
