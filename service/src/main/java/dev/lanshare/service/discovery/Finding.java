package dev.lanshare.service.discovery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One finding of {@code lanshare doctor}: what was checked, what was found, and when something is wrong, the
 * likely cause and what to do about it.
 *
 * @param check  a short stable key ({@code interfaces}, {@code mdns-traffic}, {@code peer}, {@code firewall},
 *               {@code name}) for scripts
 * @param cause  why it is so; empty when all is well
 * @param action what to do; empty when nothing is to be done
 */
public record Finding(String check, Level level, String found, String cause, String action) {
    /** How bad: {@code OK} is fine, {@code WARNING} may explain a missing peer, {@code PROBLEM} does. */
    public enum Level {
        OK, WARNING, PROBLEM
    }

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(found, "found");
        cause = cause == null ? "" : cause;
        action = action == null ? "" : action;
    }

    static Finding ok(String check, String found) {
        return new Finding(check, Level.OK, found, "", "");
    }

    static Finding problem(String check, String found, String cause, String action) {
        return new Finding(check, Level.PROBLEM, found, cause, action);
    }

    static Finding warning(String check, String found, String cause, String action) {
        return new Finding(check, Level.WARNING, found, cause, action);
    }

    /** As the control channel and {@code --json} send it. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", check);
        m.put("level", level.name().toLowerCase(java.util.Locale.ROOT));
        m.put("found", found);
        m.put("cause", cause);
        m.put("action", action);
        return m;
    }
}
