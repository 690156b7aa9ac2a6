package dev.lanshare.service.gateway;

import java.util.Optional;

/**
 * The one byte range of a {@code Range: bytes=...} header (RFC 9110 14.1). Several ranges, or a header that
 * cannot be read, are answered with the whole file, which the RFC allows.
 */
record Ranges(long first, long last) {
    /** A range that no byte of the file satisfies: answered with 416. */
    static final Ranges UNSATISFIABLE = new Ranges(-1, -1);

    long length() {
        return last - first + 1;
    }

    /** @return the range, {@link #UNSATISFIABLE}, or empty for "send the whole file" */
    static Optional<Ranges> parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return Optional.empty();
        }
        String spec = header.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) { // the last N bytes
                long n = Long.parseLong(b);
                return Optional.of(n <= 0 || size == 0 ? UNSATISFIABLE : new Ranges(Math.max(0, size - n), size - 1));
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first < 0 || !b.isEmpty() && Long.parseLong(b) < first) {
                return Optional.empty();
            }
            return Optional.of(first >= size ? UNSATISFIABLE : new Ranges(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
