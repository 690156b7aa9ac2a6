package dev.lanshare.tray.swing;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.lang.reflect.InvocationTargetException;
import javax.swing.SwingUtilities;

/** Sets the windows' look: FlatLaf, light or dark as the desktop asks ({@link dev.lanshare.tray.SystemTheme}). */
public final class Look {
    private Look() {
    }

    /** {@link #install} on the Swing thread, waiting for it: for a caller on another thread (the main one). */
    public static void installOnUiThread(boolean dark) throws InterruptedException, InvocationTargetException {
        SwingUtilities.invokeAndWait(() -> install(dark));
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
