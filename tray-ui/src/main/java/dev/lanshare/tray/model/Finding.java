package dev.lanshare.tray.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One finding of the service's doctor, as the tray's "Can't see someone?" window shows it: what was found and,
 * when something is wrong, why and what to do. Read from the control channel's answer ({@code lanshare doctor
 * --json} prints the same objects).
 */
public record Finding(String check, Level level, String found, String cause, String action) {
    /** {@code OK} is fine, {@code WARNING} may explain a missing colleague, {@code PROBLEM} does. */
    public enum Level {
        OK, WARNING, PROBLEM
    }

    /** The findings in the doctor's answer, in its order; an unknown level reads as a warning. */
    public static List<Finding> read(JsonNode answer) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode f : answer) {
            Level level;
            try {
                level = Level.valueOf(f.path("level").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                level = Level.WARNING;
            }
            out.add(new Finding(f.path("check").asText(), level, f.path("found").asText(),
                    f.path("cause").asText(), f.path("action").asText()));
        }
        return List.copyOf(out);
    }

    /** One line for the window's last line: how many problems and warnings, or that nothing is wrong. */
    public static String summary(List<Finding> findings) {
        long problems = findings.stream().filter(f -> f.level() == Level.PROBLEM).count();
        long warnings = findings.stream().filter(f -> f.level() == Level.WARNING).count();
        if (problems == 0 && warnings == 0) {
            return "Nothing wrong found.";
        }
        List<String> parts = new ArrayList<>();
        if (problems > 0) {
            parts.add(problems + (problems == 1 ? " problem" : " problems"));
        }
        if (warnings > 0) {
            parts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
        }
        return String.join(" and ", parts) + " found.";
    }
}
