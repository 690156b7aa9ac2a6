package dev.lanshare.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsEditsTest {
    @TempDir
    Path tmp;

    private Settings withAnn() {
        return Settings.empty().withAccount(new Account("ann", Optional.empty(), List.of("key-1 one", "key-2 two")))
                .withShare(new Share("Plans", tmp, true, Map.of("ann", Access.READ)));
    }

    @Test
    void editsOfWhatIsNotThereAreRefusedWithTheName() {
        Settings s = withAnn();
        assertEquals("no share named 'Nope'", assertThrows(EditRefused.class,
                () -> SettingsEdits.removeShare(s, "Nope")).getMessage());
        assertEquals("no share named 'Nope'", assertThrows(EditRefused.class,
                () -> SettingsEdits.changeShare(s, new Share("Nope", tmp, true, Map.of()))).getMessage());
        assertEquals("no account named 'ben'", assertThrows(EditRefused.class,
                () -> SettingsEdits.removeAccount(s, "ben")).getMessage());
        assertEquals("no account named 'ben'", assertThrows(EditRefused.class,
                () -> SettingsEdits.setPasswordHash(s, "ben", "h")).getMessage());
        assertEquals("account 'ann' exists", assertThrows(EditRefused.class,
                () -> SettingsEdits.addAccount(s, new Account("ann", Optional.empty(), List.of()))).getMessage());
        AddedPeer far = AddedPeer.parse("198.18.0.1", Settings.DEFAULT_PORT, "");
        assertEquals("no peer was added as '198.18.0.1:2222'", assertThrows(EditRefused.class,
                () -> SettingsEdits.removePeer(s, far)).getMessage());
    }

    @Test
    void keysAreAddedOnceAndRemovedByWhatNamesThem() {
        Settings s = withAnn();
        EditRefused twice = assertThrows(EditRefused.class,
                () -> SettingsEdits.addKey(s, "ann", "key-1 again", "SHA256:x", kept -> kept.startsWith("key-1")));
        assertEquals("account 'ann' has that key already (SHA256:x)", twice.getMessage());
        Settings more = SettingsEdits.addKey(s, "ann", "key-3", "SHA256:y", kept -> false);
        assertEquals(List.of("key-1 one", "key-2 two", "key-3"), more.account("ann").orElseThrow().keys());

        Settings fewer = SettingsEdits.removeKeys(more, "ann", kept -> kept.startsWith("key-2"));
        assertEquals(List.of("key-1 one", "key-3"), fewer.account("ann").orElseThrow().keys());
        assertEquals("account 'ann' has no such key", assertThrows(EditRefused.class,
                () -> SettingsEdits.removeKeys(fewer, "ann", kept -> false)).getMessage());
    }

    @Test
    void removingAnAccountTakesItsGrantsAndRenamingStrips() {
        Settings s = SettingsEdits.rename(SettingsEdits.removeAccount(withAnn(), "ann"), "  Ann's PC ");
        assertEquals(Map.of(), s.share("plans").orElseThrow().access());
        assertEquals("Ann's PC", s.name());
    }

    @Test
    void aRefusedEditSavesNothing() throws Exception {
        Path file = tmp.resolve("settings.yaml");
        Path plans = Files.createDirectories(tmp.resolve("Plans"));
        SettingsFile.save(file, Settings.empty().withShare(new Share("Plans", plans, true, Map.of())));
        String before = Files.readString(file);
        assertThrows(EditRefused.class, () -> SettingsFile.update(file, s -> SettingsEdits.removeShare(s, "Nope")));
        assertEquals(before, Files.readString(file));
        SettingsFile.update(file, s -> SettingsEdits.removeShare(s, "plans"));
        assertTrue(SettingsFile.load(file).shares().isEmpty());
    }
}
