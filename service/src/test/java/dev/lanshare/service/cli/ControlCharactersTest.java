package dev.lanshare.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ControlCharactersTest {
    private static String through(String text, boolean byteByByte) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ControlCharacters filter = new ControlCharacters(bytes)) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            if (byteByByte) {
                for (byte x : b) {
                    filter.write(x);
                }
            } else {
                filter.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void controlCharactersAreShownAsQuestionMarksAndTheRestPasses() throws Exception {
        for (boolean byteByByte : new boolean[] {false, true}) {
            assertEquals("a?[31mb?c?d\n\te\r", through("a\u001b[31mb\u0007c\u007fd\n\te\r", byteByByte));
            assertEquals("C1 ? then Âé ü 東京 ?", through("C1 \u009b then \u00c2\u00e9 \u00fc 東京 \u0085", byteByByte));
            assertEquals("ends with Â", through("ends with \u00c2", byteByByte), "a lead byte at the end is kept");
        }
    }

    @Test
    void aNamePrintedOnALineOfItsOwnShowsItsLineEndsToo() {
        assertEquals("two?fake.dwg  1 B?x", ControlCharacters.shown("two\nfake.dwg  1 B\rx"));
        assertEquals("Müller.dwg", ControlCharacters.shown("Müller.dwg"));
    }

    @Test
    void aPrintStreamOverItPrintsNamesSafely() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new ControlCharacters(bytes), true, StandardCharsets.UTF_8);
        out.printf("%s  %s%n", "Müller\u001b]0;x\u0007.dwg", "1 B");
        assertEquals("Müller?]0;x?.dwg  1 B" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }
}
