package dev.lanshare.service.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Splits names into the words people type: {@code Site-Plan_v3.dwg} gives site, plan, v3 (and its parts v and 3)
 * and dwg. Lowercase; words break at anything that is not a letter or digit and where camelCase changes case; a
 * run of letters and digits is kept whole and also split where letters meet digits, so both {@code v3} and
 * {@code 2024} find {@code Report2024}.
 */
final class Words {
    /** The longest extension taken as one; longer tails after a dot are part of the name. */
    static final int MAX_EXTENSION = 16;

    private Words() {
    }

    /** The words a name is indexed under, each once, in order. */
    static List<String> ofName(String name) {
        List<String> out = new ArrayList<>(8);
        for (String run : runs(name)) {
            addOnce(out, run);
            letterDigitParts(run, out);
        }
        return out;
    }

    private static void addOnce(List<String> words, String w) {
        if (!words.contains(w)) { // a name has a few words: a list is cheaper than a set
            words.add(w);
        }
    }

    /** The words of what someone typed: split as names are, but letter-digit runs kept whole. */
    static List<String> ofQuery(String text) {
        return runs(text);
    }

    /** The extension in lowercase ({@code dwg} of {@code a.DWG}), or empty for none. */
    static Optional<String> extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1 || name.length() - dot - 1 > MAX_EXTENSION) {
            return Optional.empty();
        }
        return Optional.of(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Runs of letters and digits, broken where camelCase starts a new word, in lowercase. */
    private static List<String> runs(String text) {
        List<String> out = new ArrayList<>(4);
        StringBuilder word = new StringBuilder(text.length());
        int prev = -1; // the code point before, as written
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (!Character.isLetterOrDigit(c)) {
                flush(word, out);
            } else {
                if (word.length() > 0 && camelBreak(prev, c, i < text.length() ? text.codePointAt(i) : -1)) {
                    flush(word, out);
                }
                word.appendCodePoint(Character.toLowerCase(c));
            }
            prev = c;
        }
        flush(word, out);
        return out;
    }

    /** siteP|lan, XMLF|ile: a capital after a small letter, or the last capital of a run before a small one. */
    private static boolean camelBreak(int prev, int c, int next) {
        if (!Character.isUpperCase(c)) {
            return false;
        }
        return Character.isLowerCase(prev) || Character.isUpperCase(prev) && next >= 0 && Character.isLowerCase(next);
    }

    /** Adds the parts of a run where letters meet digits ({@code v3}: v, 3), if it has more than one. */
    private static void letterDigitParts(String run, List<String> out) {
        int start = 0;
        for (int i = 1; i < run.length(); i++) {
            if (Character.isDigit(run.charAt(i)) != Character.isDigit(run.charAt(i - 1))) {
                addOnce(out, run.substring(start, i));
                start = i;
            }
        }
        if (start > 0) {
            addOnce(out, run.substring(start));
        }
    }

    /** Ends a word (already in lowercase, a letter at a time, the same for names and queries). */
    private static void flush(StringBuilder word, List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
    }
}
