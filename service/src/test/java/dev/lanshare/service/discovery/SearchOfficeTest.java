package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Access;
import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.PasswordHash;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.config.Share;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.RememberedPasswords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lanshare find} across the namespace office: three machines, each indexing what it shares, asked at once
 * from one of them. Exactly the expected addresses; nothing of an account-only share for a guest, all of it for
 * the account; an unshared folder's results gone at once; a file added or removed found or gone within 3 s; a
 * machine that hangs mid-search named as not answering while the others' results still arrive.
 */
class SearchOfficeTest {
    @Test
    void findAcrossTheOffice(@TempDir Path dir) throws Exception {
        Office.require();
        try (Office office = new Office()) {
            Node anne = new Node(office.add("anne", dir.resolve("anne"), false));
            Node ben = new Node(office.add("ben", dir.resolve("ben"), false));
            Node carl = new Node(office.add("carl", dir.resolve("carl"), false));
            Files.writeString(anne.host.home.resolve("Docs/anne-site-plan.dwg"), "anne's\n");
            Files.writeString(ben.host.home.resolve("Docs/ben-site-plan.dwg"), "ben's\n");
            Files.createDirectories(ben.host.home.resolve("Docs/2026"));
            Files.writeString(ben.host.home.resolve("Docs/2026/roof plan.dwg"), "ben's roof\n");
            Files.writeString(ben.host.home.resolve("Docs/minutes.txt"), "not a plan\n");
            Path secret = Files.createDirectories(ben.host.home.resolve("Private")).toRealPath();
            Files.writeString(secret.resolve("fee-plan.xlsx"), "only for boss\n");
            Files.writeString(carl.host.home.resolve("Docs/carl-floor-plan.dwg"), "carl's\n");
            // ben's Private share: for the account "boss" only
            Path benSettings = ben.host.home.resolve("settings.yaml");
            SettingsFile.save(benSettings, SettingsFile.load(benSettings)
                    .withAccount(new Account("boss", Optional.of(PasswordHash.hash("boss secret".toCharArray())),
                            List.of()))
                    .withShare(new Share("Private", secret, true, Map.of("boss", Access.READ))));
            List<Node> all = List.of(anne, ben, carl);
            for (Node n : all) {
                n.start();
            }
            for (Node n : all) {
                n.awaitReady(Duration.ofSeconds(90));
            }
            assertTrue(Node.waitFor(Duration.ofSeconds(20), () -> anne.peerNames().equals(List.of("ben", "carl")))
                    >= 0, anne.log());

            // the indexes build in the background after start: ask until every machine has answered with them
            Set<String> expected = Set.of("ben/Docs/ben-site-plan.dwg", "ben/Docs/2026/roof plan.dwg",
                    "carl/Docs/carl-floor-plan.dwg");
            long indexed = Node.waitFor(Duration.ofSeconds(60), () -> expected.equals(find(anne, "plan")));
            String transcript = findOutput(anne, "plan");
            System.out.println("search office: lanshare find plan (on anne, as the guest):\n" + transcript);
            assertTrue(indexed >= 0, "expected " + expected + ", got:\n" + transcript);
            assertEquals(expected, addresses(transcript), "exactly these, nothing of ben's Private");

            // as ben's account "boss" (remembered on anne, as lanshare login leaves it): Private too
            String benId = String.valueOf(anne.peer("ben").get("id")); // its device id
            new RememberedPasswords(AppDirs.under(anne.host.home).peerPasswords())
                    .remember(benId, new PeerClient.Credentials("boss", "boss secret"));
            String bossOut = findOutput(anne, "plan");
            System.out.println("search office: lanshare find plan (on anne, as boss on ben):\n" + bossOut);
            Set<String> asBoss = addresses(bossOut);
            assertTrue(asBoss.contains("ben/Private/fee-plan.xlsx") && asBoss.containsAll(Set.of(
                    "carl/Docs/carl-floor-plan.dwg")), bossOut);

            // carl adds a file and removes another: found, then gone, within 3 s each
            long a0 = System.nanoTime();
            Files.writeString(carl.host.home.resolve("Docs/carl-new-plan.dwg"), "new\n");
            long added = Node.waitFor(Duration.ofSeconds(10), () -> find(anne, "plan")
                    .contains("carl/Docs/carl-new-plan.dwg"));
            long r0 = System.nanoTime();
            Files.delete(carl.host.home.resolve("Docs/carl-floor-plan.dwg"));
            long removed = Node.waitFor(Duration.ofSeconds(10), () -> !find(anne, "plan")
                    .contains("carl/Docs/carl-floor-plan.dwg"));
            System.out.printf("search office: a file created on carl was found from anne after %d ms (%d ms "
                    + "of polling); a removed one gone after %d ms%n", (r0 - a0) / 1_000_000, added,
                    removed);
            assertTrue(added >= 0 && added <= 3000, "created: found after " + added + " ms");
            assertTrue(removed >= 0 && removed <= 3000, "removed: gone after " + removed + " ms");

            // ben stops sharing Docs: its results go at once
            TwoSubnetsTest.Lanshare.run(ben, "unshare", "Docs");
            Set<String> afterUnshare = find(anne, "plan");
            System.out.println("search office: right after ben unshared Docs: " + afterUnshare);
            assertTrue(afterUnshare.stream().noneMatch(a -> a.startsWith("ben/Docs/")), afterUnshare.toString());

            // carl hangs (SIGSTOP): named as not answering; ben's results still arrive
            carl.freeze(true);
            try {
                String hung = anne.host.attempt(60, TwoSubnetsTest.Lanshare.command(anne, "find", "plan",
                        "--timeout", "3"));
                System.out.println("search office: lanshare find plan with carl stopped:\n" + hung);
                assertTrue(hung.startsWith("0\n") && hung.contains("ben/Private/fee-plan.xlsx")
                        && hung.contains("carl") && !hung.contains("carl/Docs/"), hung);
            } finally {
                carl.freeze(false);
            }
        }
    }

    /** The addresses {@code lanshare find WORDS} prints on {@code on}; empty when it fails. */
    private static Set<String> find(Node on, String words) {
        try {
            return addresses(findOutput(on, words));
        } catch (Exception e) {
            return Set.of();
        }
    }

    private static String findOutput(Node on, String words) throws Exception {
        return on.host.attempt(60, TwoSubnetsTest.Lanshare.command(on, "find", words));
    }

    /** The PEER/SHARE/PATH of each result line ({@code ADDRESS  SIZE  DATE TIME}). */
    private static Set<String> addresses(String out) {
        Set<String> found = new TreeSet<>();
        for (String line : out.lines().skip(1).toList()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "^(\\S.*?)  (\\S+(?: \\S+)?)  \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$").matcher(line);
            if (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }
}
