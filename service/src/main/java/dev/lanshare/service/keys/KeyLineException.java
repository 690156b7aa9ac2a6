package dev.lanshare.service.keys;

/** A line that is not a usable OpenSSH public key, with why in words the owner can act on. */
public final class KeyLineException extends Exception {
    public KeyLineException(String message) {
        super(message);
    }
}
