package dev.lanshare.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The Windows and macOS definitions, which this machine cannot build: well-formed, and saying what lanshare needs
 * there (the Run key values the tray relies on, firewall rules that match the ports the service tries).
 */
class PlatformDefinitionsIT {
    static final Path WINDOWS = Commands.SRC.resolve("windows");
    static final Path MACOS = Commands.SRC.resolve("macos");
    static final String RUN = "Software\\Microsoft\\Windows\\CurrentVersion\\Run";

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new InputSource(new StringReader(xml)));
    }

    static List<Element> elements(Document d, String name) {
        NodeList nodes = d.getElementsByTagNameNS("*", name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** 2222 and the ports the service tries after it when it is taken. */
    static String sftpPorts() throws Exception {
        var tries = Class.forName("dev.lanshare.service.sftp.SftpServer").getDeclaredField("PORT_TRIES");
        tries.setAccessible(true);
        int first = dev.lanshare.config.Settings.DEFAULT_PORT;
        return first + "-" + (first + tries.getInt(null) - 1);
    }

    @Test
    void theMsiStartsServiceAndTrayAtLogonThroughTheRunKey() throws Exception {
        Document wxs = parse(Files.readString(WINDOWS.resolve("main.wxs")));
        Element component = elements(wxs, "Component").stream()
                .filter(c -> c.getAttribute("Id").equals("LanshareRunAtLogon")).findFirst().orElseThrow();
        List<String> run = new ArrayList<>();
        for (Element v : elements(wxs, "RegistryValue")) {
            if (v.getParentNode() == component && v.getAttribute("Root").equals("HKCU")
                    && v.getAttribute("Key").equals(RUN)) {
                run.add(v.getAttribute("Name") + "=" + v.getAttribute("Value"));
            }
        }
        assertEquals(List.of("lanshare=\"[INSTALLDIR]lanshare.exe\" serve",
                "lanshare-tray=\"[INSTALLDIR]lanshare-tray.exe\""), run);
        assertTrue(elements(wxs, "ComponentRef").stream().anyMatch(r -> r.getAttribute("Id").equals(
                "LanshareRunAtLogon")), "in the feature");
        assertTrue(elements(wxs, "Package").get(0).getAttribute("InstallScope").contains("JpInstallScope"));
        assertTrue(Files.readString(WINDOWS.resolve("build-windows.cmd")).contains("--win-per-user-install"));
    }

    @Test
    void firewallRulesCoverTheSftpPortsAndMdnsOnPrivateNetworksWhenElevated() throws Exception {
        String ports = sftpPorts();
        Document wxs = parse(Files.readString(WINDOWS.resolve("main.wxs")));
        Set<String> actions = new TreeSet<>();
        List<String> adds = new ArrayList<>();
        for (Element a : elements(wxs, "CustomAction")) {
            actions.add(a.getAttribute("Id"));
            String cmd = a.getAttribute("ExeCommand");
            if (cmd.contains("firewall add rule")) {
                assertEquals("deferred", a.getAttribute("Execute"), a.getAttribute("Id"));
                assertEquals("no", a.getAttribute("Impersonate"), a.getAttribute("Id"));
                assertTrue(cmd.contains("profile=private") && cmd.contains("dir=in"), cmd);
                adds.add(cmd.replaceAll(".*(protocol=\\S+ localport=\\S+).*", "$1"));
            }
        }
        assertEquals(List.of("protocol=TCP localport=" + ports, "protocol=UDP localport=5353"), adds);
        // every action is scheduled; the firewall ones only in an elevated installation
        for (Element c : elements(wxs, "Custom")) {
            String id = c.getAttribute("Action");
            assertTrue(actions.remove(id), "defined: " + id);
            if (id.startsWith("LanshareFirewall")) {
                assertTrue(c.getTextContent().startsWith("Privileged AND"), id + ": " + c.getTextContent());
            }
            if (id.startsWith("LanshareStart")) {
                assertTrue(c.getTextContent().startsWith("NOT Privileged AND"), "never elevated: " + id);
            }
        }
        assertTrue(actions.isEmpty(), "never scheduled: " + actions);
        String cmd = Files.readString(WINDOWS.resolve("firewall.cmd"));
        assertTrue(cmd.contains("protocol=TCP localport=" + ports + " profile=private"), cmd);
        assertTrue(cmd.contains("protocol=UDP localport=5353 profile=private"), cmd);
    }

    /** Explorer opens the gateway through the WebClient service: running, and taking files over 50 MB. */
    @Test
    void theWebClientStartsAndTakesBigFilesWhenElevated() throws Exception {
        Document wxs = parse(Files.readString(WINDOWS.resolve("main.wxs")));
        List<String> commands = new ArrayList<>();
        for (Element a : elements(wxs, "CustomAction")) {
            if (a.getAttribute("Id").startsWith("LanshareWebClient")) {
                assertEquals("deferred", a.getAttribute("Execute"), a.getAttribute("Id"));
                assertEquals("no", a.getAttribute("Impersonate"), a.getAttribute("Id"));
                commands.add(a.getAttribute("ExeCommand").replaceAll("^\"\\[System64Folder\\]", "")
                        .replace("\"", ""));
            }
        }
        List<String> expected = List.of(
                "reg.exe add HKLM\\SYSTEM\\CurrentControlSet\\Services\\WebClient\\Parameters /v FileSizeLimitInBytes "
                        + "/t REG_DWORD /d 4294967295 /f",
                "sc.exe config WebClient start= auto", "sc.exe start WebClient");
        assertEquals(expected, commands);
        List<String> scheduled = elements(wxs, "Custom").stream()
                .filter(c -> c.getAttribute("Action").startsWith("LanshareWebClient"))
                .map(c -> c.getAttribute("Action") + ": " + c.getTextContent()).toList();
        assertEquals(List.of("LanshareWebClientFileSize: Privileged AND NOT REMOVE",
                "LanshareWebClientAutoStart: Privileged AND NOT REMOVE",
                "LanshareWebClientStart: Privileged AND NOT REMOVE"), scheduled);
        String cmd = Files.readString(WINDOWS.resolve("webclient.cmd"));
        for (String c : List.of(expected.get(0).replace("reg.exe", "reg"), "sc config WebClient start= auto",
                "sc start WebClient")) {
            assertTrue(cmd.contains(c), "webclient.cmd: " + c);
        }
        assertTrue(cmd.contains("\r\n"), "CRLF, as cmd.exe wants");
        assertTrue(Files.readString(WINDOWS.resolve("build-windows.cmd")).contains("%SRC%webclient.cmd"));
    }

    @Test
    void theTrayLaunchersFindTheirPlatformsLanshare() throws Exception {
        assertTrue(Files.readString(WINDOWS.resolve("lanshare-tray.properties"))
                .contains("-Dlanshare.command=$APPDIR\\\\..\\\\lanshare.exe"));
        assertTrue(Files.readString(MACOS.resolve("lanshare-tray.properties"))
                .contains("-Dlanshare.command=$APPDIR/../MacOS/lanshare"));
        assertTrue(Files.readString(WINDOWS.resolve("lanshare-cli.properties")).contains("win-console=true"));
    }

    /**
     * The JVM flags are written once, in installer/src/jvm.options: the Linux and macOS builds fill them into
     * their launchers; the Windows build (a cmd script, run on Windows) carries them as they are, and must agree.
     */
    @Test
    void everyLauncherHasTheFlagsOfJvmOptions() throws Exception {
        java.util.Properties jvm = new java.util.Properties();
        try (var in = Files.newBufferedReader(Commands.SRC.resolve("jvm.options"))) {
            jvm.load(in);
        }
        String service = jvm.getProperty("service");
        String tray = jvm.getProperty("tray");
        String cli = jvm.getProperty("cli");
        assertTrue(service.contains("-Xmx") && tray.contains("-Xmx") && cli.contains("-Xmx"), jvm.toString());
        assertTrue(Files.readString(WINDOWS.resolve("build-windows.cmd"))
                .contains("--java-options \"" + service + "\""), "build-windows.cmd: " + service);
        assertTrue(Files.readString(WINDOWS.resolve("lanshare-tray.properties"))
                .contains("java-options=" + tray + " -Dlanshare.command="), "windows tray: " + tray);
        assertTrue(Files.readString(WINDOWS.resolve("lanshare-cli.properties"))
                .contains("java-options=" + cli + "\n"), "windows cli: " + cli);
        for (Path filled : List.of(Commands.SRC.resolve("linux/lanshare-tray.properties"),
                MACOS.resolve("lanshare-tray.properties"))) {
            assertTrue(Files.readString(filled).contains("java-options=@TRAY_OPTIONS@ "), filled.toString());
        }
        for (Path script : List.of(Commands.SRC.resolve("build-packages"), MACOS.resolve("build-macos"),
                Commands.SRC.resolve("../../lanshare"), Commands.SRC.resolve("../../lanshare-tray"))) {
            String text = Files.readString(script);
            assertTrue(text.contains("jvm.options") && !text.contains("-Xmx"), "flags from jvm.options: " + script);
        }
    }

    @Test
    void theMacDefinitionsAreWellFormed() throws Exception {
        Document agent = parse(Files.readString(MACOS.resolve("dev.lanshare.service.plist")));
        String text = agent.getDocumentElement().getTextContent();
        assertTrue(text.contains("dev.lanshare.service") && text.contains("serve"), text);
        String additions = Files.readString(MACOS.resolve("Info.plist.additions"));
        Document keys = parse("<dict>" + additions.replaceAll("(?s)<!--.*?-->", "") + "</dict>");
        List<String> names = elements(keys, "key").stream().map(Element::getTextContent).toList();
        assertTrue(names.containsAll(List.of("NSLocalNetworkUsageDescription", "NSBonjourServices")), names.toString());
        String services = keys.getDocumentElement().getTextContent();
        assertTrue(services.contains("_lanshare._tcp") && services.contains("_sftp-ssh._tcp"), services);
    }
}
