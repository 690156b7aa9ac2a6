package dev.lanshare.service.peer;

/** What a copy reports as it goes. Calls come from the copying thread. */
public interface Progress {
    Progress NONE = new Progress() {
    };

    /** The whole job: {@code bytes} to move in {@code files} files ({@code resumedBytes} of them already there). */
    default void started(long bytes, int files, long resumedBytes) {
    }

    default void advanced(long bytes) {
    }

    default void fileDone(String name) {
    }

    /** A line worth telling the user as the copy goes, such as a part file that is not resumed and why. */
    default void note(String line) {
    }

    default void finished() {
    }
}
