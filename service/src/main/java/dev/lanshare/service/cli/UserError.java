package dev.lanshare.service.cli;

/** Something the user can fix, said in one line. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
