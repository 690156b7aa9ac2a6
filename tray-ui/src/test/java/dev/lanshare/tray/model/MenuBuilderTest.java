package dev.lanshare.tray.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Share;
import dev.lanshare.config.Access;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lanshare.tray.model.MenuEntry.Check;
import dev.lanshare.tray.model.MenuEntry.Item;
import dev.lanshare.tray.model.MenuEntry.Submenu;
import dev.lanshare.service.control.Protocol;
import dev.lanshare.service.peer.PeerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The menu for each service state the issue names; no display involved. */
class MenuBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static Protocol.Status status(String text) throws Exception {
        return JSON.treeToValue(json(text), Protocol.Status.class);
    }

    private static TrayState running(String status, String shares, String peers) throws Exception {
        List<Share> shared = new ArrayList<>();
        for (JsonNode s : json(shares)) {
            shared.add(Protocol.share(s));
        }
        List<PeerInfo> found = new ArrayList<>();
        for (JsonNode p : json(peers)) {
            found.add(JSON.treeToValue(p, PeerInfo.class));
        }
        return StateReader.read(status(status), shared, found, List.of(), List.of());
    }

    private static List<String> labels(List<MenuEntry> menu) {
        return menu.stream().map(MenuBuilderTest::label).toList();
    }

    private static String label(MenuEntry e) {
        if (e instanceof Item i) {
            return i.label();
        }
        if (e instanceof Check c) {
            return (c.checked() ? "[x] " : "[ ] ") + c.label();
        }
        return e instanceof Submenu s ? s.label() + " >" : "--";
    }

    @Test
    void noShares() throws Exception {
        List<MenuEntry> menu = MenuBuilder.build(running("{'name':'ann'}", "[]", "[]"));
        assertEquals(List.of("[x] Sharing on", "--", "No folder is shared", "Share a folder…", "--", "Colleagues >",
                "Search everyone's shares…", "--", "Settings…", "Quit tray (sharing goes on)"), labels(menu));
        assertEquals(new Action.PauseSharing(), ((Check) menu.get(0)).action());
    }

    @Test
    void severalSharesTickedWithTheirAccess() throws Exception {
        TrayState state = running("{}", "[{'name':'Plans','folder':'/p','readOnly':true,'access':{'accounts':'read'}},"
                + "{'name':'Drop','folder':'/d','readOnly':false,'access':{'guests':'read','ben':'write'}}]", "[]");
        List<MenuEntry> menu = MenuBuilder.build(state);
        assertEquals(List.of("[x] Plans (read-only)", "[x] Drop (others can edit, guests too)"),
                labels(menu.subList(2, 4)));
        assertEquals(new Action.SetShared("Drop", false), ((Check) menu.get(3)).action());
    }

    @Test
    void rememberedFoldersAreUnticked() throws Exception {
        Share old = new Share("Old", Path.of("/o"), true, Map.of("accounts", Access.READ));
        TrayState state = StateReader.read(status("{}"), List.of(), List.of(), List.of(), List.of(old));
        Check check = (Check) MenuBuilder.build(state).get(2);
        assertFalse(check.checked());
        assertEquals(new Action.SetShared("Old", true), check.action());
    }

    @Test
    void pausedOffersResumeAndShowsTheIcon() throws Exception {
        TrayState state = running("{'paused':true}", "[]", "[]");
        Check sharing = (Check) MenuBuilder.build(state).get(0);
        assertFalse(sharing.checked());
        assertEquals(new Action.ResumeSharing(), sharing.action());
        assertEquals(TrayState.Icon.PAUSED, state.icon());
    }

    @Test
    void peersWithTheirShares() throws Exception {
        TrayState state = running("{}", "[]", "[{'name':'Ann Mac','deviceId':'d1','url':'sftp://guest@ann.local:2222/',"
                + "'shares':[{'name':'Site Plans','readOnly':true,'guests':true},{'name':'Drop','readOnly':false}]},"
                + "{'name':'Ben','url':'sftp://ben.local:2223/','shares':[]},{'name':'no url'}]");
        Submenu colleagues = (Submenu) MenuBuilder.build(state).get(5);
        assertEquals(List.of("Ann Mac >", "Ben >", "--", "Can't see someone?"), labels(colleagues.entries()));
        assertEquals(new Action.Diagnose(), ((Item) colleagues.entries().get(3)).action());
        Submenu ann = (Submenu) colleagues.entries().get(0);
        assertEquals(List.of("Open Site Plans (read-only)", "Open Drop"), labels(ann.entries()));
        assertEquals(new Action.OpenPeerShare("Ann Mac", "Site Plans", "sftp://guest@ann.local:2222/Site%20Plans/"),
                ((Item) ann.entries().get(0)).action());
        assertEquals(List.of("Shares nothing now"), labels(((Submenu) colleagues.entries().get(1)).entries()));
    }

    @Test
    void noPeersSaysSo() throws Exception {
        Submenu colleagues = (Submenu) MenuBuilder.build(running("{}", "[]", "[]")).get(5);
        assertEquals(List.of("No colleagues found yet", "--", "Can't see someone?"), labels(colleagues.entries()));
        assertFalse(((Item) colleagues.entries().get(0)).enabled());
    }

    @Test
    void serviceNotRunningOffersToStartIt() {
        TrayState state = TrayState.notRunning(List.of(), "");
        List<MenuEntry> menu = MenuBuilder.build(state);
        assertEquals(List.of("lanshare is not running", "Start lanshare", "--", "Settings…",
                "Quit tray (sharing goes on)"), labels(menu));
        assertEquals(TrayState.Icon.NOT_RUNNING, state.icon());
        assertEquals(new Action.StartService(), ((Item) menu.get(1)).action());
    }

    @Test
    void aProblemIsShownInWords() {
        List<String> labels = labels(MenuBuilder.build(TrayState.notRunning(List.of(), "could not start")));
        assertTrue(labels.contains("could not start"), labels.toString());
    }
}
