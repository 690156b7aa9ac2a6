package dev.lanshare.service.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;

/**
 * Splits names into the words people type: {@code Site-Plan_v3.dwg} gives site, plan, v3 (and its parts v and 3)
 * and dwg. Lowercase; words break at anything that is not a letter or digit and where camelCase changes case; a
 * run of letters and digits is kept whole and also split where letters meet digits, so both {@code v3} and
 * {@code 2024} find {@code Report2024}. A word with accents or other letters beyond ASCII is also indexed as
 * Lucene's {@link ASCIIFoldingFilter} writes it in ASCII ({@code Müller} as müller and muller, {@code Grundriß}
 * as grundriß and grundriss), and what someone types is looked for in ASCII only: {@code cafe} and {@code café}
 * both find {@code Café}, as the file managers' own searches do. Indexing a million names splits them into a
 * reused {@link Split} (no string per word); queries and tests take strings.
 */
final class Words {
    /** The longest extension taken as one; longer tails after a dot are part of the name. */
    static final int MAX_EXTENSION = 16;

    private Words() {
    }

    /** The words a name is indexed under, each once, in order. */
    static List<String> ofName(String name) {
        Split s = new Split();
        s.name(name);
        List<String> out = new ArrayList<>(s.count);
        for (int i = 0; i < s.count; i++) {
            String w = new String(s.chars, s.start[i], s.length[i]);
            if (!out.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** The words of what someone typed: split as names are, but letter-digit runs kept whole, and in ASCII. */
    static List<String> ofQuery(String text) {
        Split s = new Split();
        s.runs(text, false);
        List<String> out = new ArrayList<>(s.count);
        for (int i = 0; i < s.count; i++) {
            out.add(new String(s.chars, s.start[i], s.length[i]));
        }
        return out;
    }

    /** Where the dot before the extension is, or -1 for none. */
    static int extensionDot(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 || name.length() - dot - 1 > MAX_EXTENSION ? -1 : dot;
    }

    /**
     * The words of one name at a time, as ranges of one lowercased copy ({@code chars}): each run, followed by
     * its letter-digit parts when it has more than one. A word may repeat. Reused from name to name.
     */
    static final class Split {
        char[] chars = new char[64];
        int[] start = new int[16];
        int[] length = new int[16];
        int count;

        /** Splits {@code name} as it is indexed. */
        void name(String name) {
            runs(name, true);
        }

        /**
         * Runs of letters and digits, broken where camelCase starts a new word, in lowercase. Accented letters
         * written as a letter and a combining mark (as macOS writes names: {@code cafe\u0301}) are composed first,
         * so that they are one letter, as typed ({@code café}), not a word break. A name's runs ({@code parts}) come
         * with their letter-digit parts, and a run beyond ASCII also in ASCII, with its parts; a query's runs come
         * whole and in ASCII only.
         */
        void runs(String text, boolean parts) {
            text = composed(text);
            count = 0;
            ensure(10 * text.length()); // lowercased, a char takes at most two; their ASCII form four chars a char
            int used = 0;
            int runStart = -1;
            int prev = -1; // the code point before, as written
            for (int i = 0; i < text.length(); ) {
                int c = text.codePointAt(i);
                i += Character.charCount(c);
                if (!Character.isLetterOrDigit(c)) {
                    used = end(runStart, used, parts);
                    runStart = -1;
                } else {
                    if (runStart >= 0 && camelBreak(prev, c, i < text.length() ? text.codePointAt(i) : -1)) {
                        used = end(runStart, used, parts);
                        runStart = -1;
                    }
                    if (runStart < 0) {
                        runStart = used;
                    }
                    used += Character.toChars(Character.toLowerCase(c), chars, used);
                }
                prev = c;
            }
            end(runStart, used, parts);
        }

        private void ensure(int size) {
            if (chars.length < size) {
                chars = new char[size];
            }
        }

        /**
         * Ends the run from {@code from} to {@code to}, the end of what is written, if there is a run: adds it (a
         * name's with its parts), or its ASCII form written after it instead (a query's), or both (a name's, then
         * the ASCII form with its parts) where that differs. Returns the new end of what is written.
         */
        private int end(int from, int to, boolean parts) {
            if (from < 0 || to == from) {
                return to;
            }
            boolean ascii = true;
            for (int i = from; i < to && ascii; i++) {
                ascii = chars[i] < 0x80;
            }
            int folded = ascii ? to : ASCIIFoldingFilter.foldToASCII(chars, from, chars, to, to - from);
            if (folded != to && Arrays.equals(chars, from, to, chars, to, folded)) {
                folded = to; // no letter of it has an ASCII form of its own
            }
            if (parts) {
                withParts(from, to);
            }
            if (folded != to) {
                if (parts) {
                    withParts(to, folded);
                } else {
                    add(to, folded);
                }
            } else if (!parts) {
                add(from, to);
            }
            return folded;
        }

        /** Adds the run from {@code from} to {@code to}, then its letter-digit parts when it has more than one. */
        private void withParts(int from, int to) {
            add(from, to);
            int partStart = from;
            for (int i = from + 1; i < to; i++) {
                if (Character.isDigit(chars[i]) != Character.isDigit(chars[i - 1])) {
                    add(partStart, i);
                    partStart = i;
                }
            }
            if (partStart > from) {
                add(partStart, to);
            }
        }

        private void add(int from, int to) {
            if (count == start.length) {
                start = Arrays.copyOf(start, 2 * count);
                length = Arrays.copyOf(length, 2 * count);
            }
            start[count] = from;
            length[count++] = to - from;
        }
    }

    /** {@code text} in Unicode's composed form (NFC); looked for only past Latin-1, where combining marks begin. */
    static String composed(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= '\u0300') {
                return Normalizer.normalize(text, Normalizer.Form.NFC);
            }
        }
        return text;
    }

    /** siteP|lan, XMLF|ile: a capital after a small letter, or the last capital of a run before a small one. */
    private static boolean camelBreak(int prev, int c, int next) {
        if (!Character.isUpperCase(c)) {
            return false;
        }
        return Character.isLowerCase(prev) || Character.isUpperCase(prev) && next >= 0 && Character.isLowerCase(next);
    }
}
