package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Access;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.config.Share;
import dev.lanshare.service.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebDAV gateway in the namespace office: anne's own service lists ben, found by mDNS alone, under the name he
 * announces, and real clients on anne's machine read and write ben's folders through it (curl, rclone), carried to
 * ben over SFTP on the office network.
 */
class GatewayOfficeTest {
    @Test
    void colleaguesFoundOnTheNetworkOpenThroughTheGateway(@TempDir Path dir) throws Exception {
        Office.require();
        Tools.require("curl");
        Tools.require("rclone");
        try (Office office = new Office()) {
            Node anne = new Node(office.add("anne", dir.resolve("anne"), false));
            Node ben = new Node(office.add("ben", dir.resolve("ben"), false));
            Files.writeString(ben.host.home.resolve("Docs/ben-plan.dwg"), "ben's plan\n");
            Path drop = Files.createDirectories(ben.host.home.resolve("Drop")).toRealPath();
            Path benSettings = ben.host.home.resolve("settings.yaml");
            SettingsFile.save(benSettings, SettingsFile.load(benSettings)
                    .withShare(new Share("Drop", drop, false, Map.of(Share.GUESTS, Access.WRITE))));
            for (Node n : List.of(anne, ben)) {
                n.start();
            }
            for (Node n : List.of(anne, ben)) {
                n.awaitReady(Duration.ofSeconds(90));
            }
            assertTrue(Node.waitFor(Duration.ofSeconds(20), () -> anne.peerNames().equals(List.of("ben"))) >= 0,
                    anne.log());

            String status = TwoSubnetsTest.Lanshare.run(anne, "status");
            Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/[0-9a-f]+/)").matcher(status);
            assertTrue(m.find(), "lanshare status names the gateway:\n" + status);
            String gateway = m.group(1);

            String top = ok(anne.host.attempt(30, "curl", "-s", "-f", "-X", "PROPFIND", "-H", "Depth: 1", gateway));
            assertTrue(top.contains("<D:displayname>ben</D:displayname>"), "ben, found by mDNS:\n" + top);
            String shares = ok(anne.host.attempt(30, "curl", "-s", "-f", "-X", "PROPFIND", "-H", "Depth: 1",
                    gateway + "ben/"));
            assertTrue(shares.contains("<D:displayname>Docs</D:displayname>")
                    && shares.contains("<D:displayname>Drop</D:displayname>"), shares);
            assertEquals("ben's plan\n", ok(anne.host.attempt(30, "curl", "-s", "-f", gateway
                    + "ben/Docs/ben-plan.dwg")));
            String refused = anne.host.attempt(30, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-T",
                    "/etc/hostname", gateway + "ben/Docs/new.txt");
            assertEquals("0\n403", refused.strip(), "Docs is read-only");

            Path tree = Files.createDirectories(dir.resolve("tree/sub"));
            Files.write(tree.resolve("drawing.dwg"), new byte[300_000]);
            Files.writeString(tree.getParent().resolve("notes.txt"), "from anne\n");
            List<String> rclone = List.of("env", "RCLONE_CONFIG_GW_TYPE=webdav", "RCLONE_CONFIG_GW_URL=" + gateway
                    + "ben/Drop/", "RCLONE_CONFIG_GW_VENDOR=other", "HOME=" + dir, "rclone");
            ok(anne.host.attempt(120, concat(rclone, "copy", tree.getParent().toString(), "gw:job")));
            String check = ok(anne.host.attempt(120, concat(rclone, "check", "--download",
                    tree.getParent().toString(), "gw:job")));
            System.out.println("gateway office: rclone check through anne's gateway to ben:\n" + check);
            assertTrue(check.contains("0 differences found"), check);
            assertEquals("from anne\n", Files.readString(drop.resolve("job/notes.txt")));
            assertEquals(300_000, Files.size(drop.resolve("job/sub/drawing.dwg")));
        }
    }

    /** The output of a command that must have succeeded ({@code attempt}'s exit code line removed). */
    private static String ok(String attempt) {
        assertTrue(attempt.startsWith("0\n"), attempt);
        return attempt.substring(2);
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
