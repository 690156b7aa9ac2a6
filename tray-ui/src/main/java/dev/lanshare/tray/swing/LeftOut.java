package dev.lanshare.tray.swing;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a file or folder dropped here an upload leaves out, found before it starts: named pipes, sockets and
 * devices (the peer client names them "not a file or folder" and fails the copy, when everything else went) and links
 * to nothing (which it leaves out without a word). Walked as the peer client walks: links followed for what they
 * lead to, a linked folder not walked. File work: never on the Swing thread.
 *
 * @param top    why the dropped item itself cannot be copied, or null when it can
 * @param inside the entries below it left out, each "PATH (why)", PATH relative to it
 * @param named  how many of {@code inside} the peer client names in its failure (all but the links to nothing)
 */
record LeftOut(String top, List<String> inside, int named) {
    /** How the peer client's copy that left entries out begins its list: ": N not copied, everything else was: ". */
    private static final Pattern NOT_ALL = Pattern.compile(": (\\d+) not copied, everything else was: ");

    static LeftOut of(Path source) throws IOException {
        String why = why(source);
        if (why != null) {
            return new LeftOut(why, List.of(), 0);
        }
        List<String> inside = new ArrayList<>();
        int[] named = {0};
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String w = file.equals(source) ? null : why(file);
                if (w != null) {
                    inside.add(source.relativize(file) + " (" + w + ")");
                    named[0] += w.equals(DANGLING) ? 0 : 1;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // the copy says why, in its own words
            }
        });
        inside.sort(null);
        return new LeftOut(null, List.copyOf(inside), named[0]);
    }

    private static final String DANGLING = "a link to nothing";

    /** Why {@code p} is neither a file nor a folder (after the link it may be), or null when it is one. */
    private static String why(Path p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Files.isSymbolicLink(p) ? DANGLING : null; // else gone meanwhile: the copy says so
        }
        if (a.isRegularFile() || a.isDirectory()) {
            return null;
        }
        int type;
        try {
            type = (Integer) Files.getAttribute(p, "unix:mode") & 0170000;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return "not a file or folder";
        }
        return switch (type) {
            case 0010000 -> "a named pipe";
            case 0140000 -> "a socket";
            case 0020000, 0060000 -> "a device";
            default -> "not a file or folder";
        };
    }

    /**
     * Whether {@code failure}, the message of the copy of this item, is the peer client's for exactly the entries
     * found here and nothing else: then everything else was copied.
     */
    boolean explains(String failure) {
        Matcher m = NOT_ALL.matcher(String.valueOf(failure));
        return named > 0 && m.find() && Integer.parseInt(m.group(1)) == named;
    }

    /** Each entry left out as "PATH (why)", below {@code name} (the dropped item's). */
    List<String> named(String name) {
        return top != null ? List.of(name + " (" + top + ")")
                : inside.stream().map(e -> name + "/" + e).toList();
    }
}
