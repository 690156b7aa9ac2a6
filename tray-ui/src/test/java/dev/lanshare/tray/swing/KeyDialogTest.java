package dev.lanshare.tray.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
