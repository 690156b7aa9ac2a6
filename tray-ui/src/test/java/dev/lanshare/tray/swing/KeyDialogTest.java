package dev.lanshare.tray.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.keys.KeyLineException;
import dev.lanshare.service.keys.PublicKeyLine;
import dev.lanshare.tray.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What "Add key…" takes: the line of a .pub file as OpenSSH's ssh-keygen writes it, and the SSH2 block that
 * PuTTYgen (Windows) and {@code ssh-keygen -e} write, also from a file Notepad saved (a byte-order mark, CRLF).
 */
class KeyDialogTest {
    @TempDir
    Path tmp;

    @Test
    void takesTheSsh2BlocksOfPuttygenAndKeysSavedByNotepad() throws Exception {
        Path ed25519 = keygen("ed25519", "ben@laptop");
        Path rsa = keygen("rsa", "ben@desk");
        String edLine = Files.readString(ed25519).strip();
        String rsaLine = Files.readString(rsa).strip();
        String edBlock = run("-e", "-f", ed25519.toString()); // base64 on one line, a Comment header
        String rsaBlock = run("-e", "-f", rsa.toString()).replace("\n", "\r\n"); // base64 wrapped; CRLF
        assertEquals(List.of(fingerprint(edLine), fingerprint(rsaLine)), KeyDialog.lines("\uFEFF" + edBlock
                + "\r\n" + rsaBlock).stream().map(KeyDialogTest::fingerprint).toList());
        String putty = "---- BEGIN SSH2 PUBLIC KEY ----\r\nComment: \"eddsa-key-20260105\"\r\n"
                + edLine.split(" ")[1] + "\r\n---- END SSH2 PUBLIC KEY ----\r\n"; // as PuTTYgen saves it
        assertEquals(List.of(edLine.split(" ")[0] + " " + edLine.split(" ")[1] + " eddsa-key-20260105"),
                KeyDialog.lines(putty));
        assertEquals(List.of(edLine), KeyDialog.lines("\uFEFF" + edLine + "\r\n"), "a .pub Notepad saved");
    }

    /**
     * A key line pasted from a mail or a chat: tabs or several spaces between its parts, or wrapped over lines (its
     * data broken anywhere, its comment on a line of its own). Taken where it can be read one way only; refused in
     * plain words, not the SSH library's ("Bad format (no key data delimiter)"), where it cannot.
     */
    @Test
    void takesAKeyLineAMailWrappedOrSpacedWithTabsAndRefusesACutOneInPlainWords() throws Exception {
        String ed = Files.readString(keygen("ed25519", "ben@laptop")).strip();
        String rsa = Files.readString(keygen("rsa", "ben@desk")).strip();
        String[] e = ed.split(" ");
        String[] r = rsa.split(" ");
        assertEquals(List.of(ed), KeyDialog.lines(e[0] + " \t" + e[1] + "\t " + e[2]), "tabs and spaces");
        assertEquals(List.of(ed), KeyDialog.lines(e[0] + "\u00A0" + e[1] + " " + e[2]), "a no-break space");
        assertEquals(List.of(ed), KeyDialog.lines(e[0] + "\n" + e[1] + "\n" + e[2] + "\n"), "wrapped at spaces");
        assertEquals(List.of(ed), KeyDialog.lines(e[0] + " " + e[1] + "\r\n" + e[2]), "the comment wrapped");
        String hardWrapped = wrap(rsa, 72); // a mail client that breaks long words too
        assertTrue(hardWrapped.lines().count() > 5, hardWrapped);
        assertEquals(List.of(rsa, ed), KeyDialog.lines(hardWrapped + "\n" + ed + "\n"), "and the next key");
        assertEquals(List.of(rsa), KeyDialog.lines(wrap(r[0] + " " + r[1], 64) + "\nben@desk"));

        List<String> cut = new java.util.ArrayList<>(hardWrapped.lines().toList());
        cut.remove(3); // a line of the key lost on the way
        for (String bad : List.of(String.join("\n", cut), e[0] + " " + e[1].substring(0, 30) + " " + e[2],
                e[0] + " " + e[1] + "\n" + r[1], e[0] + "  " + e[1].substring(0, 30) + "\n\n" + e[1].substring(30))) {
            String said = assertThrows(KeyLineException.class, () -> KeyDialog.lines(bad)).getMessage();
            assertTrue(said.contains("copy") && !said.contains("format") && !said.contains("EOF")
                    && !said.contains("delimiter"), said);
        }
    }

    /** {@code text} broken every {@code width} characters. */
    private static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += width) {
            out.append(text, i, Math.min(text.length(), i + width)).append('\n');
        }
        return out.toString().strip();
    }

    private static String fingerprint(String line) {
        try {
            return PublicKeyLine.parse(line).fingerprint();
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    private Path keygen(String type, String comment) throws Exception {
        Path key = tmp.resolve("id_" + type);
        run("-q", "-t", type, "-N", "", "-C", comment, "-f", key.toString());
        return Path.of(key + ".pub");
    }

    private static String run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Tools.require("ssh-keygen", "openssh-client")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("ssh-keygen " + String.join(" ", args) + ": " + out);
        }
        return out;
    }
}
