package dev.lanshare.tray;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemThemeTest {
    @Test
    void anExplicitChoiceWins() {
        assertTrue(SystemTheme.dark("Linux", Map.of("LANSHARE_THEME", "dark")));
        assertFalse(SystemTheme.dark("Linux", Map.of("LANSHARE_THEME", "light", "GTK_THEME", "Adwaita:dark")));
        assertTrue(SystemTheme.dark("Linux", Map.of("GTK_THEME", "Adwaita:dark")));
    }

    @Test
    void readsWhatTheDesktopsSay() {
        assertTrue(SystemTheme.gnomeDark("'prefer-dark'\n"));
        assertFalse(SystemTheme.gnomeDark("'default'\n"));
        String reg = "\r\nHKEY_CURRENT_USER\\Software\\...\\Personalize\r\n    AppsUseLightTheme    REG_DWORD    0x0\r\n\r\n";
        assertTrue(SystemTheme.windowsDark(reg));
        assertFalse(SystemTheme.windowsDark(reg.replace("0x0", "0x1")));
    }
}
