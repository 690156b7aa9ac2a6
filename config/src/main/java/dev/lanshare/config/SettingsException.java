package dev.lanshare.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A settings file that cannot be used, with every problem found in it. */
public final class SettingsException extends Exception {
    private final transient Path file;
    private final transient List<Problem> problems;

    public SettingsException(Path file, List<Problem> problems) {
        super(describe(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public Path file() {
        return file;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(Path file, List<Problem> problems) {
        String where = file == null ? "settings" : file.toString();
        return problems.stream()
                .map(p -> where + (p.line() > 0 ? ":" + p.line() : "") + ": " + p.message())
                .collect(Collectors.joining("\n"));
    }
}
