package dev.lanshare.config;

/** One thing wrong with a settings file: where (line 0 when unknown) and what to do about it. */
public record Problem(int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? "line " + line + ": " + message : message;
    }
}
