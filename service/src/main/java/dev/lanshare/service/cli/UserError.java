package dev.lanshare.service.cli;

/** Something the user can fix, said in one line. */
final class UserError extends RuntimeException {
    private final boolean usage;

    UserError(String message) {
        this(message, false);
    }

    private UserError(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }

    /** A command or option written wrong, which picocli's own checks cannot see: exit code 2, as theirs. */
    static UserError usage(String message) {
        return new UserError(message, true);
    }

    boolean isUsage() {
        return usage;
    }
}
