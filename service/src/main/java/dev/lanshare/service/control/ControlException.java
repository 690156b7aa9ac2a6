package dev.lanshare.service.control;

/** A request the service refused, with the one-line reason it gave. */
public final class ControlException extends Exception {
    public ControlException(String message) {
        super(message);
    }
}
