package dev.lanshare.tray.swing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the window tests ({@code @ExtendWith(OnScreen.class)}): a real X server (Xvfb) and the app's light look before
 * a class's tests, and no window of a test left open for the next one.
 */
final class OnScreen implements BeforeAllCallback, AfterEachCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Xvfb.ensure();
        Edt.run(() -> Look.install(false));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Edt.closeLeftovers();
    }
}
