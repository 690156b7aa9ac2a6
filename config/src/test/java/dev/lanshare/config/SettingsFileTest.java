package dev.lanshare.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
    @TempDir
    Path tmp;

    private Path write(String text) throws Exception {
        Path file = tmp.resolve("settings.yaml");
        Files.writeString(file, text);
        return file;
    }

    /**
     * A share holding lanshare's own files (host key, settings, passwords) is refused, by hand or by a command; one
     * beside them or in the settings' folder is not.
     */
    @Test
    void aShareMayNotHoldLanshareOwnFolders() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("office/home"));
        Path file = home.resolve("settings.yaml");
        Path state = Files.createDirectories(home.resolve("state"));
        Path index = Files.createDirectories(state.resolve("search-index"));
        Path inHome = Files.createDirectories(home.resolve("Plans"));
        Path beside = Files.createDirectories(tmp.resolve("office/Drawings"));
        for (Path folder : List.of(home, tmp.resolve("office"), tmp, state, index)) {
            SettingsException e = assertThrows(SettingsException.class, () -> SettingsFile.save(file,
                    Settings.empty().withShare(new Share("S", folder, true, Map.of()))), folder.toString());
            assertTrue(e.getMessage().contains("lanshare's own folder"), e.getMessage());
            Files.writeString(file, "version: 1\nshares:\n  - name: S\n    folder: " + folder + "\n");
            SettingsException loaded = assertThrows(SettingsException.class, () -> SettingsFile.load(file));
            assertTrue(loaded.getMessage().contains("line 4") || loaded.getMessage().contains(":4"),
                    loaded.getMessage());
        }
        for (Path folder : List.of(inHome, beside)) {
            SettingsFile.save(file, Settings.empty().withShare(new Share("S", folder, true, Map.of())));
            assertEquals(folder.toRealPath(), SettingsFile.load(file).shares().get(0).folder());
        }
    }

    @Test
    void everyProblemIsReportedWithItsLine_andTheFileIsLeftAlone() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("Plans"));
        String text = String.join("\n",
                "version: 1",
                "port: 70000",
                "gateway-port: 0",
                "shares:",
                "  - name: Plans",
                "    folder: " + plans,
                "    access: {ben: read}",
                "  - name: Missing",
                "    folder: /nowhere/at/all",
                "");
        Path file = write(text);
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsFile.load(file));
        List<Problem> problems = e.problems();
        assertEquals(4, problems.size(), e.getMessage());
        assertEquals(new Problem(2, "port 70000 must be between 1 and 65535"), problems.get(0));
        assertEquals(new Problem(3, "gateway-port 0 must be between 1 and 65535"), problems.get(1));
        assertEquals(7, problems.get(2).line());
        assertTrue(problems.get(2).message().contains("account 'ben' does not exist"), problems.get(2).message());
        assertEquals(9, problems.get(3).line());
        assertEquals("share 'Missing': folder /nowhere/at/all does not exist; create it or fix the path",
                problems.get(3).message());
        assertTrue(e.getMessage().contains(file + ":9: share 'Missing'"), e.getMessage());
        assertEquals(text, Files.readString(file));
    }

    @Test
    void yamlSyntaxErrorsAndUnknownKeysAndWrongTypesAreReported() throws Exception {
        SettingsException syntax = assertThrows(SettingsException.class,
                () -> SettingsFile.load(write("version: 1\nshares: [\n  name: x\n")));
        assertTrue(syntax.problems().get(0).message().startsWith("not valid YAML"), syntax.getMessage());
        SettingsException unknown = assertThrows(SettingsException.class,
                () -> SettingsFile.load(write("version: 1\nprot: 22\nchacha20: maybe\nshares: {}\n")));
        assertEquals(List.of(2, 3, 4), unknown.problems().stream().map(Problem::line).toList(),
                unknown.getMessage());
    }

    /** A write grant on a read-only share would do nothing: the file is refused at that share, saying how to fix it. */
    @Test
    void aWriteGrantOnAReadOnlyShareIsAProblem_notDroppedSilently() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("Plans"));
        Path file = write(String.join("\n",
                "version: 1",
                "accounts:",
                "  - name: ben",
                "    keys: []",
                "shares:",
                "  - name: Plans",
                "    folder: " + plans,
                "    read-only: true",
                "    access: {ben: write, accounts: read}",
                ""));
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsFile.load(file));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(new Problem(8, "share 'Plans' is read-only, so ben cannot write there; make the share "
                + "read-write ('lanshare share --read-write', or read-only: false) or grant ben read"),
                e.problems().get(0));
        Share readOnly = new Share("Plans", plans, true, Map.of("ben", Access.WRITE));
        assertEquals(Optional.of(Access.READ), readOnly.accessFor("ben", false), "still only read, whatever");
        Share made = new Share("Plans", plans, false, Map.of("ben", Access.WRITE)).withReadOnly(true);
        assertEquals(Map.of("ben", Access.READ), made.access(), "making it read-only says so in the grants");
        assertEquals(null, SettingsValidator.writeGrantProblem(made));
        assertEquals(null, SettingsValidator.writeGrantProblem(made.withReadOnly(false)));
    }

    @Test
    void sharesAreValidatedAsAWhole() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path inner = Files.createDirectories(a.resolve("inner"));
        Settings s = Settings.empty()
                .withShare(new Share("A", a, true, Map.of()))
                .withShare(new Share("bad/name", inner, true, Map.of()))
                .withShare(new Share("relative", Path.of("rel"), true, Map.of()));
        List<Problem> problems = SettingsValidator.validate(s);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("may not contain /"));
        assertTrue(problems.get(1).message().contains("lies inside the folder of share 'A'"));
        assertTrue(problems.get(2).message().contains("must be an absolute path"));
        Settings twice = Settings.empty().withShare(new Share("A", a, true, Map.of()));
        twice = new Settings(1, "", 2222, false, 24, NetworkPolicy.DEFAULT,
                List.of(twice.shares().get(0), new Share("a", inner.resolveSibling("x"), true, Map.of())), List.of());
        assertTrue(SettingsValidator.validate(twice).stream().anyMatch(p -> p.message().contains("used twice")));
    }

    @Test
    void peersAddedByAddressLoadBackAndEachBadOneIsNamedWithItsLine() throws Exception {
        String fp = "SHA256:" + "A".repeat(43);
        Settings s = Settings.empty().withPeer(AddedPeer.parse("198.18.1.10:2300", 2222, fp))
                .withPeer(AddedPeer.parse("ben.example", 2222, fp));
        Path file = tmp.resolve("peers/settings.yaml");
        SettingsFile.save(file, s);
        assertEquals(s, SettingsFile.load(file));
        assertEquals(List.of("198.18.1.10:2300", "ben.example:2222"),
                SettingsFile.load(file).peers().stream().map(AddedPeer::address).toList());
        String text = "peers:\n"
                + "  - address: 198.18.1.10:99999\n"
                + "    fingerprint: " + fp + "\n"
                + "  - address: ann:2222\n"
                + "    fingerprint: MD5:00\n"
                + "  - address: 198.18.1.10:99999\n"
                + "    fingerprint: " + fp + "\n"
                + "  - adress: x\n";
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsFile.parse(file, text));
        List<String> found = e.problems().stream().map(Problem::toString).toList();
        assertTrue(found.contains("line 2: peer '198.18.1.10:99999': port 99999 must be between 1 and 65535"),
                found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith("line 4: peer 'ann:2222': fingerprint 'MD5:00'")),
                found.toString());
        assertTrue(found.contains("line 6: peer '198.18.1.10:99999' is listed twice; remove one"), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith("line 8: unknown peer setting 'adress'")),
                found.toString());
        assertEquals(s.withoutPeer(AddedPeer.parse("ben.example", 2222, "")).peers().size(), 1);
    }

    @Test
    void savedSettingsLoadBackEqual_ownerOnly() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("Plans")).toRealPath();
        Settings s = Settings.empty().withName("Ann's Mac").withPort(2300).withGatewayPort(2390)
                .withAccount(new Account("ann", Optional.of(PasswordHash.hash("pw".toCharArray())),
                        List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGVmVGhpc0lzTm90QVJlYWxLZXlCdXRMb29rc0xpa2Ux ann")))
                .withShare(new Share("Plans: \"2026\"", plans, false, Map.of("ann", Access.WRITE, "guests",
                        Access.READ)))
                .withNetwork(new NetworkPolicy(List.of("private", "198.18.0.0/15")));
        Path file = tmp.resolve("conf/settings.yaml");
        SettingsFile.save(file, s);
        assertEquals(s, SettingsFile.load(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no temporary file left behind");
        }
    }

    @Test
    void invalidSettingsAreNeverSaved() throws Exception {
        Path file = tmp.resolve("settings.yaml");
        SettingsFile.save(file, Settings.empty());
        String before = Files.readString(file);
        assertThrows(SettingsException.class, () -> SettingsFile.save(file, Settings.empty().withPort(0)));
        assertEquals(before, Files.readString(file));
    }

    @Test
    void killingTheProcessDuringSavesNeverLeavesABrokenFile() throws Exception {
        Path file = tmp.resolve("settings.yaml");
        Path plans = Files.createDirectories(tmp.resolve("Plans"));
        SettingsFile.save(file, Settings.empty());
        for (int round = 0; round < 5; round++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SaveLoop.class.getName(), file.toString(),
                    plans.toString()).redirectErrorStream(true).start();
            // let it get going, then kill it wherever it is
            assertTrue(p.getInputStream().read() >= 0, "the save loop saved once and goes on");
            Thread.sleep(100 + 50L * round);
            p.destroyForcibly().waitFor();
            // whichever save was cut off, the file is one of the two complete versions
            Settings loaded = SettingsFile.load(file);
            assertTrue(loaded.name().equals("a".repeat(50)) || loaded.shares().size() == 1, loaded.toString());
        }
    }

    @Test
    void temporaryFilesLeftByACrashAreSweptAtTheNextSave() throws Exception {
        Path file = tmp.resolve("settings.yaml");
        Path crashed = Files.writeString(tmp.resolve(".settings.yaml.123.tmp"), "half a fi");
        Files.setLastModifiedTime(crashed, java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - AtomicFiles.STALE.toMillis() - 1000));
        Path writing = Files.writeString(tmp.resolve(".settings.yaml.456.tmp"), "another writer, now");
        Path other = Files.writeString(tmp.resolve(".status.json.789.tmp"), "not ours");
        Files.setLastModifiedTime(other, Files.getLastModifiedTime(crashed));
        SettingsFile.save(file, Settings.empty());
        assertTrue(Files.notExists(crashed), "the crash's leftover is gone");
        assertTrue(Files.exists(writing) && Files.exists(other), "a fresh one and another file's are kept");
    }

    /** Saves settings over and over, alternating two versions, until killed. */
    public static final class SaveLoop {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            Settings a = Settings.empty().withName("a".repeat(50));
            Settings b = Settings.empty().withShare(new Share("Plans", Path.of(args[1]), true, Map.of()));
            SettingsFile.save(file, a);
            System.out.println("saving");
            System.out.flush();
            for (long i = 1; ; i++) {
                SettingsFile.save(file, i % 2 == 0 ? a : b);
            }
        }
    }
}
