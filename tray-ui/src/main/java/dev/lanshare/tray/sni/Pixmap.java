package dev.lanshare.tray.sni;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** One icon size on the wire: {@code (iiay)}, ARGB32 in network byte order. */
public final class Pixmap extends Struct {
    @Position(0)
    private final int width;
    @Position(1)
    private final int height;
    @Position(2)
    private final byte[] argb;

    public Pixmap(int width, int height, byte[] argb) {
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    public int getWidth() {
        return width;
    }

    public int getHeight() {
        return height;
    }

    public byte[] getArgb() {
        return argb;
    }
}
