package dev.lanshare.config;

/**
 * A settings edit that does not apply to the settings as they are ({@code no share named 'Plans'}), with the
 * one-line reason. Unchecked so that it can leave the change function of a save, which then saves nothing.
 */
public final class EditRefused extends RuntimeException {
    public EditRefused(String message) {
        super(message);
    }
}
