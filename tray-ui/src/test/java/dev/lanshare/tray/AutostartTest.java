package dev.lanshare.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Start at login on each system. The XDG entry is written and read for real; the macOS LaunchAgent is written and
 * parsed here (launchd is not); the Windows Run key's reg command lines are checked as text, since reg.exe
 * cannot run on this machine.
 */
class AutostartTest {
    @TempDir
    Path tmp;

    @Test
    void linuxWritesAnXdgEntryAndHidesThePackagesOneWhenTurnedOff() throws Exception {
        Path config = tmp.resolve("config");
        Path system = tmp.resolve("etc-xdg");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", config.toString(), "XDG_CONFIG_DIRS", system.toString());
        Autostart a = Autostart.of("Linux", env, tmp, "/opt/lanshare/bin/lanshare-tray").orElseThrow();
        Path entry = config.resolve("autostart/lanshare-tray.desktop");
        assertFalse(a.enabled());
        a.set(true);
        assertTrue(a.enabled());
        assertTrue(Files.readString(entry).contains("\nExec=/opt/lanshare/bin/lanshare-tray\n"));
        a.set(false);
        assertFalse(Files.exists(entry), "no package entry to hide: the user's entry just goes");

        Path packaged = Files.createDirectories(system.resolve("autostart")).resolve("lanshare-tray.desktop");
        Files.writeString(packaged, "[Desktop Entry]\nType=Application\nExec=/opt/lanshare/bin/lanshare-tray\n");
        assertTrue(a.enabled(), "the package's entry starts it for everybody");
        a.set(false);
        assertFalse(a.enabled());
        assertTrue(Files.readString(entry).contains("\nHidden=true\n"), "the XDG way to switch off the system's");
        a.set(true);
        assertTrue(a.enabled());
        assertFalse(Files.readString(entry).contains("Hidden"));
        assertEquals("\"/home/ann/My Apps/lanshare-tray\"", Autostart.XdgEntry.exec("/home/ann/My Apps/lanshare-tray"));
    }

    @Test
    void macOsWritesAPerUserLaunchAgent() throws Exception {
        Autostart a = Autostart.of("Mac OS X", Map.of(), tmp,
                "/Applications/lanshare & co.app/Contents/MacOS/lanshare-tray").orElseThrow();
        assertInstanceOf(Autostart.LaunchAgent.class, a);
        assertFalse(a.enabled());
        a.set(true);
        Path plist = tmp.resolve("Library/LaunchAgents/dev.lanshare.tray.plist");
        assertTrue(a.enabled());
        Map<String, String> dict = plist(Files.readAllBytes(plist));
        assertEquals("dev.lanshare.tray", dict.get("Label"));
        assertEquals("[/Applications/lanshare & co.app/Contents/MacOS/lanshare-tray]", dict.get("ProgramArguments"));
        assertEquals("true", dict.get("RunAtLoad"));
        assertEquals("Aqua", dict.get("LimitLoadToSessionType"));
        a.set(false);
        assertFalse(Files.exists(plist));
    }

    @Test
    void windowsUsesTheRunKeyValueTheInstallerUses() throws Exception {
        Autostart a = Autostart.of("Windows 11", Map.of(), tmp,
                "C:\\Program Files\\lanshare\\lanshare-tray.exe").orElseThrow();
        Autostart.RunKey key = assertInstanceOf(Autostart.RunKey.class, a);
        assertEquals("reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v lanshare-tray /t REG_SZ "
                + "/d \"\\\"C:\\Program Files\\lanshare\\lanshare-tray.exe\\\"\" /f",
                String.join(" ", key.addCommand()));
        // what reg.exe's argument parser (the C runtime's) makes of the /d argument: the path, in quotes
        assertEquals("\"C:\\Program Files\\lanshare\\lanshare-tray.exe\"", windowsArgument(key.addCommand().get(8)));
        assertEquals(List.of("reg", "delete", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run", "/v",
                "lanshare-tray", "/f"), key.deleteCommand());
        assertEquals(List.of("reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run", "/v",
                "lanshare-tray"), key.queryCommand());
        assertTrue(Autostart.RunKey.present("\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"
                + "\r\n    lanshare-tray    REG_SZ    \"C:\\Program Files\\lanshare\\lanshare-tray.exe\"\r\n\r\n"));
        assertFalse(Autostart.RunKey.present("ERROR: The system was unable to find the specified registry key or "
                + "value.\r\n"));
    }

    /**
     * reg's time limit holds when the program hangs with its output open, as a hung reg.exe would: stopped at the
     * limit, and said. Run with sleep and sh, since reg.exe cannot run here.
     */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theRunKeysProgramIsStoppedWhenItHangsAndItsOutputReadWhenNot() throws Exception {
        long start = System.nanoTime();
        IOException hung = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThrows(IOException.class,
                () -> Autostart.RunKey.run(List.of("sleep", "60"), true, Duration.ofSeconds(1))));
        assertEquals("'sleep 60' did not answer within 1 s", hung.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "stopped at the limit, not at the end");

        List<String> found = List.of("sh", "-c", "echo '    lanshare-tray    REG_SZ    \"C:\\lanshare-tray.exe\"'");
        assertTrue(Autostart.RunKey.present(Autostart.RunKey.run(found, false, Duration.ofSeconds(20))));
        List<String> refused = List.of("sh", "-c", "echo 'ERROR: Access is denied.' >&2; exit 1");
        assertFalse(Autostart.RunKey.present(Autostart.RunKey.run(refused, true, Duration.ofSeconds(20))),
                "a failed query is an answer: not there");
        IOException failed = assertThrows(IOException.class,
                () -> Autostart.RunKey.run(refused, false, Duration.ofSeconds(20)));
        assertEquals("'sh -c' failed: ERROR: Access is denied.", failed.getMessage());
    }

    /** The plist's top-level dict: keys to their string, bool, or array of strings. External DTDs are not read. */
    private static Map<String, String> plist(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element dict = (Element) f.newDocumentBuilder().parse(new ByteArrayInputStream(xml))
                .getElementsByTagName("dict").item(0);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        NodeList kids = dict.getChildNodes();
        String key = null;
        for (int i = 0; i < kids.getLength(); i++) {
            if (!(kids.item(i) instanceof Element e)) {
                continue;
            }
            if (e.getTagName().equals("key")) {
                key = e.getTextContent();
            } else if (e.getTagName().equals("array")) {
                List<String> items = new java.util.ArrayList<>();
                NodeList strings = e.getElementsByTagName("string");
                for (int j = 0; j < strings.getLength(); j++) {
                    items.add(strings.item(j).getTextContent());
                }
                out.put(key, items.toString());
            } else {
                out.put(key, e.getTagName().equals("string") ? e.getTextContent() : e.getTagName());
            }
        }
        return out;
    }

    /** One argument as the Microsoft C runtime parses it: quotes group, backslash-quote is a quote. */
    private static String windowsArgument(String raw) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && raw.charAt(i + 1) == '"') {
                out.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
