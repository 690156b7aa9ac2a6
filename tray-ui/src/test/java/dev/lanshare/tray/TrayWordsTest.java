package dev.lanshare.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The command line's advice in the peer client's messages becomes the tray's; what happened is kept as said. */
class TrayWordsTest {
    @Test
    void theCommandsAdviceBecomesTheTrays() {
        assertEquals("lost the connection to Ben's PC while copying plan.dwg; copy it again to resume: what arrived "
                + "is kept", TrayWords.of("lost the connection to Ben's PC while copying plan.dwg; run the same "
                + "command again to continue"));
        assertEquals("/Plans on Ben's PC: lost the connection to the peer; copy it again",
                TrayWords.of("/Plans on Ben's PC: lost the connection to the peer; run the same command again"));
        assertEquals("lanshare's service stopped; start it again (Start lanshare, in the tray's menu) and copy again",
                TrayWords.of("lanshare's service stopped; start it again (lanshare serve) and retry"));
        assertEquals("/Plans on Ben's PC: permission denied", TrayWords.of("/Plans on Ben's PC: permission denied"));
        assertEquals("the host key of Ben's PC has CHANGED: [...]. Ask its owner to read you the fingerprint from their"
                + " tray's settings (Host-key fingerprint) or 'lanshare status'; if it matches, choose \"Trust the new"
                + " key…\" in the window that shows its folders", TrayWords.of("the host key of Ben's PC has CHANGED:"
                + " [...]. Ask its owner to read you the fingerprint from 'lanshare status'; if it matches, run:"
                + " lanshare trust 'Ben'\\''s PC' --reset"));
    }
}
