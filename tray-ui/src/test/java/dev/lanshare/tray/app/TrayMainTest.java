package dev.lanshare.tray.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrayMainTest {
    @Test
    void commandLine() {
        TrayMain.Args args = TrayMain.Args.parse("--ui=window", "--home", "/tmp/x");
        assertEquals(Optional.of("window"), args.ui());
        assertEquals(Optional.of(Path.of("/tmp/x")), args.home());
        assertThrows(IllegalArgumentException.class, () -> TrayMain.Args.parse("--frobnicate"));
    }
}
