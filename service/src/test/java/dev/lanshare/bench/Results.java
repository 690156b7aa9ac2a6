package dev.lanshare.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Samples per metric and server, and what they come to: medians, spread, ratio, target met or not. */
final class Results {
    record Summary(double median, double min, double max, int n) {
        /** Half the range as a share of the median: how noisy the samples were. */
        double spread() {
            return median == 0 ? 0 : (max - min) / 2 / Math.abs(median);
        }
    }

    private final Map<Metric, Map<String, List<Double>>> samples = new EnumMap<>(Metric.class);
    private final Map<String, String> notes = new LinkedHashMap<>();

    synchronized void add(Metric m, String server, double value) {
        samples.computeIfAbsent(m, k -> new LinkedHashMap<>()).computeIfAbsent(server, k -> new ArrayList<>())
                .add(value);
    }

    synchronized void note(String key, String value) {
        notes.put(key, value);
    }

    synchronized Map<String, String> notes() {
        return new LinkedHashMap<>(notes);
    }

    synchronized List<Double> samples(Metric m, String server) {
        return List.copyOf(samples.getOrDefault(m, Map.of()).getOrDefault(server, List.of()));
    }

    Summary summary(Metric m, String server) {
        List<Double> s = new ArrayList<>(samples(m, server));
        if (s.isEmpty()) {
            return null;
        }
        s.sort(null);
        int n = s.size();
        double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        return new Summary(median, s.get(0), s.get(n - 1), n);
    }

    /** lanshare's median over OpenSSH's; NaN when either is missing. */
    double ratio(Metric m) {
        Summary l = summary(m, "lanshare");
        Summary o = summary(m, "openssh");
        return l == null || o == null || o.median() == 0 ? Double.NaN : l.median() / o.median();
    }

    /** Whether the target is met; null when there is no target or no number. */
    Boolean met(Metric m) {
        if (Double.isNaN(m.target)) {
            return null;
        }
        if (m.compared()) {
            double r = ratio(m);
            return Double.isNaN(r) ? null : m.kind == Metric.Kind.HIGHER_IS_BETTER ? r >= m.target : r <= m.target;
        }
        Summary l = summary(m, "lanshare");
        return l == null ? null : l.median() <= m.target;
    }
}
