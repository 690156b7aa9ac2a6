package dev.lanshare.tray.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanshare.tray.app.BackendChooser.Kind;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendChooserTest {
    @Test
    void theFlagWins() {
        assertEquals(Kind.WINDOW, BackendChooser.wanted(Optional.of("window"), "Linux", true, true));
        assertEquals(Kind.AWT, BackendChooser.wanted(Optional.of("AWT"), "Linux", true, false));
        assertThrows(IllegalArgumentException.class,
                () -> BackendChooser.wanted(Optional.of("gtk"), "Linux", true, true));
    }

    @Test
    void autoPrefersTheDesktopsTrayThenTheJdksThenTheWindow() {
        assertEquals(Kind.SNI, BackendChooser.wanted(Optional.empty(), "Linux", true, true));
        assertEquals(Kind.AWT, BackendChooser.wanted(Optional.empty(), "Linux", false, true));
        assertEquals(Kind.AWT, BackendChooser.wanted(Optional.empty(), "Windows 11", false, true));
        assertEquals(Kind.AWT, BackendChooser.wanted(Optional.empty(), "Mac OS X", true, true));
        assertEquals(Kind.WINDOW, BackendChooser.wanted(Optional.empty(), "Linux", false, false));
    }

    @Test
    void aBackendAskedForButMissingFallsBackToTheJdksTrayThenTheWindow() {
        assertEquals(Kind.SNI, BackendChooser.available(Kind.SNI, true, true));
        assertEquals(Kind.AWT, BackendChooser.available(Kind.SNI, false, true));
        assertEquals(Kind.WINDOW, BackendChooser.available(Kind.SNI, false, false));
        assertEquals(Kind.WINDOW, BackendChooser.available(Kind.AWT, true, false));
        assertEquals(Kind.WINDOW, BackendChooser.available(Kind.WINDOW, true, true));
    }
}
