package dev.lanshare.service.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * What the command prints, with the control characters that names and messages from other machines may hold shown as
 * {@code ?}, as {@code ls -q} shows them: a colleague's file named with an escape sequence ({@code ESC ] 0 ;}, {@code
 * ESC [ 31 m}), a name announced on the network or an error text sent by a colleague's server would otherwise be
 * run by the terminal (its title set, its colours changed, on some terminals worse). Line ends, tabs and carriage
 * returns (the progress bar) pass, and so does every printable character; C1 controls (U+0080-U+009F, which some
 * terminals take as ESC sequences) are caught in their UTF-8 form. JSON output is unaffected: Jackson writes C0
 * controls as {@code \\u001b}.
 */
final class ControlCharacters extends FilterOutputStream {
    private boolean lead; // the byte before was 0xC2, which begins U+0080-U+00BF in UTF-8

    ControlCharacters(OutputStream out) {
        super(out);
    }

    /** Standard output and error, filtered; {@code encoding} as the JVM writes them. */
    static void install(String encoding) {
        try {
            System.setOut(new PrintStream(new ControlCharacters(new FileOutputStream(FileDescriptor.out)), true,
                    encoding));
            System.setErr(new PrintStream(new ControlCharacters(new FileOutputStream(FileDescriptor.err)), true,
                    encoding));
        } catch (java.io.UnsupportedEncodingException e) {
            // the JVM's own encoding: not reached; printed as before
        }
    }

    /**
     * {@code name} with every control character, line ends too, as {@code ?}: for a name printed one to a line,
     * where a line end in it would start what looks like another entry.
     */
    static String shown(String name) {
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                if (out == null) {
                    out = new StringBuilder(name);
                }
                out.setCharAt(i, '?');
            }
        }
        return out == null ? name : out.toString();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        byte[] kept = new byte[len + 1];
        int n = 0;
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            if (lead) {
                lead = false;
                if (c >= 0x80 && c <= 0x9F) {
                    kept[n++] = '?';
                    continue;
                }
                kept[n++] = (byte) 0xC2;
            }
            if (c == 0xC2) {
                lead = true;
            } else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7F) {
                kept[n++] = '?';
            } else {
                kept[n++] = (byte) c;
            }
        }
        out.write(kept, 0, n);
    }

    @Override
    public void close() throws IOException {
        if (lead) {
            lead = false;
            out.write(0xC2);
        }
        super.close();
    }
}
