package dev.lanshare.tray.swing;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLightLaf;

/** FlatLaf, light or dark as the desktop asks ({@link dev.lanshare.tray.SystemTheme}). */
public final class Look {
    private Look() {
    }

    /** Call once, before the first window; on the Swing thread. */
    public static void install(boolean dark) {
        if (dark) {
            FlatDarkLaf.setup();
        } else {
            FlatLightLaf.setup();
        }
    }
}
