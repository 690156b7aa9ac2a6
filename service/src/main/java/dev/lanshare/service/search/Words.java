package dev.lanshare.service.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits names into the words people type: {@code Site-Plan_v3.dwg} gives site, plan, v3 (and its parts v and 3)
 * and dwg. Lowercase; words break at anything that is not a letter or digit and where camelCase changes case; a
 * run of letters and digits is kept whole and also split where letters meet digits, so both {@code v3} and
 * {@code 2024} find {@code Report2024}. Indexing a million names splits them into a reused {@link Split} (no
 * string per word); queries and tests take strings.
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

    /** The words of what someone typed: split as names are, but letter-digit runs kept whole. */
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
         * Runs of letters and digits, broken where camelCase starts a new word, in lowercase; with parts. Accented
         * letters written as a letter and a combining mark (as macOS writes names: {@code cafe\u0301}) are composed
         * first, so that they are one letter, as typed ({@code café}), not a word break.
         */
        void runs(String text, boolean parts) {
            text = composed(text);
            count = 0;
            if (chars.length < 2 * text.length()) {
                chars = new char[2 * text.length()]; // a code point lowercased takes at most two chars
            }
            int used = 0;
            int runStart = -1;
            int prev = -1; // the code point before, as written
            for (int i = 0; i < text.length(); ) {
                int c = text.codePointAt(i);
                i += Character.charCount(c);
                if (!Character.isLetterOrDigit(c)) {
                    runStart = end(runStart, used, parts);
                } else {
                    if (runStart >= 0 && camelBreak(prev, c, i < text.length() ? text.codePointAt(i) : -1)) {
                        runStart = end(runStart, used, parts);
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

        /** Ends the run from {@code from} to {@code to}, if any: the run, then its parts. Returns -1. */
        private int end(int from, int to, boolean parts) {
            if (from < 0 || to == from) {
                return -1;
            }
            add(from, to);
            if (parts) {
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
            return -1;
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
