package dev.lanshare.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UiChoiceTest {
    @Test
    void theFlagWins() {
        assertEquals(UiChoice.WINDOW, UiChoice.choose(Optional.of("window"), "Linux", true, true));
        assertEquals(UiChoice.AWT, UiChoice.choose(Optional.of("AWT"), "Linux", true, false));
        assertThrows(IllegalArgumentException.class, () -> UiChoice.choose(Optional.of("gtk"), "Linux", true, true));
    }

    @Test
    void autoPrefersTheDesktopsTrayThenTheJdksThenTheWindow() {
        assertEquals(UiChoice.SNI, UiChoice.choose(Optional.empty(), "Linux", true, true));
        assertEquals(UiChoice.AWT, UiChoice.choose(Optional.empty(), "Linux", false, true));
        assertEquals(UiChoice.AWT, UiChoice.choose(Optional.empty(), "Windows 11", false, true));
        assertEquals(UiChoice.AWT, UiChoice.choose(Optional.empty(), "Mac OS X", true, true));
        assertEquals(UiChoice.WINDOW, UiChoice.choose(Optional.empty(), "Linux", false, false));
    }

    @Test
    void commandLine() {
        TrayMain.Args args = TrayMain.Args.parse("--ui=window", "--home", "/tmp/x");
        assertEquals(Optional.of("window"), args.ui());
        assertEquals(Optional.of(Path.of("/tmp/x")), args.home());
        assertThrows(IllegalArgumentException.class, () -> TrayMain.Args.parse("--frobnicate"));
    }
}
