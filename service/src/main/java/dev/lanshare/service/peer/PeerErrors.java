package dev.lanshare.service.peer;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import java.io.IOException;
import org.apache.sshd.sftp.common.SftpConstants;

/** Turns what VFS, JSch and MINA's SFTP client throw into one sentence naming the peer, the share and the path. */
final class PeerErrors {
    /** SFTP version 5 and later's status for a full disk (JSch speaks version 3, where it is a failure). */
    private static final int NO_SPACE_ON_FILESYSTEM = 14;
    /** What MINA's client says when the connection under a copy went away. */
    private static final java.util.List<String> LOST = java.util.List.of("client is closed", "is closing",
            "Channel closed", "Channel is being closed", "Session is closed", "Session is being closed",
            "Connection reset",
            // JSch's stream, and MINA's client when no answer came
            "inputstream is closed", "Pipe closed", "Timeout expired while waiting for id");

    private PeerErrors() {
    }

    /** Why a login was refused, after the colleague's name: a guest where none is let in, or an account's. */
    static String notLetIn(boolean guest) {
        return guest ? ": guests are not let in (nothing is shared with guests there); log in with an account"
                : ": the account name or password was not accepted";
    }

    /** Whether {@code e} is the colleague refusing the login (JSch's words for it). */
    static boolean loginRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JSchException j && loginRefused(j)) {
                return true;
            }
        }
        return false;
    }

    private static boolean loginRefused(JSchException j) {
        String m = String.valueOf(j.getMessage());
        return m.contains("Auth fail") || m.contains("Auth cancel");
    }

    static PeerException describe(Throwable e, String what) {
        return describe(e, what, false);
    }

    /** @param writingToPeer an upload: a full disk is the peer's, whatever layer reported it */
    static PeerException describe(Throwable e, String what, boolean writingToPeer) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PeerException pe) {
                return pe;
            }
            if (t instanceof SftpException s) {
                return new PeerException(sftp(s.id, s.getMessage(), what), e);
            }
            if (t instanceof org.apache.sshd.sftp.common.SftpException s) {
                return new PeerException(sftp(s.getStatus(), s.getMessage(), what), e);
            }
            if (t instanceof JSchException j) {
                String m = String.valueOf(j.getMessage());
                if (loginRefused(j)) {
                    return new PeerException(what + notLetIn(false), e);
                }
                if (m.contains("session is down") || m.contains("Connection refused") || m.contains("timeout")
                        || m.contains("reset")) {
                    return new PeerException(what + ": the peer cannot be reached (" + m + ")", e);
                }
            }
            if (t instanceof org.apache.sshd.common.channel.exception.SshChannelClosedException
                    || t instanceof java.io.EOFException || t instanceof IOException io
                    && LOST.stream().anyMatch(String.valueOf(io.getMessage())::contains)
                    || t instanceof JSchException j && LOST.stream().anyMatch(String.valueOf(j.getMessage())::contains)) {
                return new PeerException(what + ": lost the connection to the peer; run the same command again", e);
            }
            if (t instanceof IOException io && String.valueOf(io.getMessage()).contains("No space left")) {
                return new PeerException(what + (writingToPeer ? ": the peer's disk is full" : ": the disk is full here")
                        + "; nothing finished was overwritten", e);
            }
            if (t instanceof java.nio.file.FileSystemException f && local(f) != null) {
                // a file here: its message alone is only its path
                return new PeerException(what + ": " + f.getFile() + ": " + local(f), e);
            }
        }
        return new PeerException(what + ": " + HostKeyCheck.rootMessage(e), e);
    }

    /**
     * The failure of a copy of {@code name} with {@code peer} when {@code e} says the connection went away (the
     * colleague's service stopped, the network dropped) or {@code gone} says so: one sentence saying that a rerun
     * continues. Null when it is something else.
     */
    static PeerException.Lost lost(Throwable e, boolean gone, String peer, String name) {
        if (e instanceof PeerException.Lost l) {
            return l;
        }
        if (e instanceof PeerException.Busy || e instanceof PeerException.NotAllCopied
                || e instanceof PeerException.HostKeyChanged || !gone && !lost(e)) {
            return null;
        }
        return new PeerException.Lost("lost the connection to " + peer + " while copying " + name
                + "; run the same command again to continue", e);
    }

    /** Whether {@code e}, its causes or what was suppressed on the way say that the connection went away. */
    private static boolean lost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SftpException s && (s.id == SftpConstants.SSH_FX_CONNECTION_LOST
                    || s.id == SftpConstants.SSH_FX_NO_CONNECTION)
                    || t instanceof org.apache.sshd.sftp.common.SftpException s2
                    && (s2.getStatus() == SftpConstants.SSH_FX_CONNECTION_LOST
                    || s2.getStatus() == SftpConstants.SSH_FX_NO_CONNECTION)
                    || t instanceof JSchException j && (String.valueOf(j.getMessage()).contains("session is down")
                    || LOST.stream().anyMatch(String.valueOf(j.getMessage())::contains)) // JSch keeps only the words
                    || t instanceof org.apache.sshd.common.channel.exception.SshChannelClosedException
                    || t instanceof java.io.EOFException || t instanceof IOException io
                    && LOST.stream().anyMatch(String.valueOf(io.getMessage())::contains)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (lost(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The most entries a copy's message names, of those it could not copy. */
    static final int NAMED = 10;

    /**
     * Why one entry of a folder could not be copied, when {@code e} is about that entry alone (the peer refused or
     * did not find it, or it could not be read or written here); null when it stops the whole copy (a lost
     * connection, a full disk).
     */
    static String entryReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.sshd.sftp.common.SftpException s) {
                String word = word(s.getStatus());
                if (word == null) {
                    return null;
                }
                // the peer's message is "PATH: why" (its own client path, never a host path)
                String m = String.valueOf(s.getMessage());
                String why = m.contains(": ") ? m.substring(m.lastIndexOf(": ") + 2).strip() : m.strip();
                return why.isEmpty() || why.equalsIgnoreCase(word) || why.equals("null") ? word : word + ": " + why;
            }
            if (t instanceof java.nio.file.FileSystemException f) {
                return local(f);
            }
        }
        return null;
    }

    private static final String PERMISSION_DENIED = "permission denied";
    private static final String NOT_FOUND = "not found";

    /**
     * The words for the SFTP statuses that are about one file, whichever client reported them (JSch's and MINA's
     * share the numbers): what a copy's message says ({@link #sftp}) and what it says of an entry it left out
     * ({@link #entryReason}). Null for the others.
     */
    private static String word(int status) {
        return switch (status) {
            case SftpConstants.SSH_FX_PERMISSION_DENIED -> PERMISSION_DENIED;
            case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH -> NOT_FOUND;
            case SftpConstants.SSH_FX_INVALID_FILENAME, SftpConstants.SSH_FX_NOT_A_DIRECTORY,
                    SftpConstants.SSH_FX_FILE_IS_A_DIRECTORY, SftpConstants.SSH_FX_LINK_LOOP,
                    SftpConstants.SSH_FX_FILE_ALREADY_EXISTS -> "refused";
            default -> null;
        };
    }

    /** What went wrong with a file here, in words; null for a full disk, which stops a copy. */
    private static String local(java.nio.file.FileSystemException f) {
        if (f instanceof java.nio.file.AccessDeniedException) {
            return PERMISSION_DENIED;
        }
        if (f instanceof java.nio.file.NoSuchFileException) {
            return NOT_FOUND;
        }
        if (f instanceof java.nio.file.FileAlreadyExistsException
                || f instanceof java.nio.file.NotDirectoryException) {
            return "a file is in the way of a folder";
        }
        String reason = f.getReason();
        return reason == null || reason.contains("No space left") ? null : reason;
    }

    /**
     * Fails the copy {@code what} when some entries could not be copied ({@code notCopied}, each "NAME (why)"):
     * everything else was, and the message names the first {@value #NAMED}.
     */
    static void failIfAnyLeft(String what, java.util.Collection<String> notCopied) throws PeerException {
        if (notCopied.isEmpty()) {
            return;
        }
        java.util.List<String> names = notCopied.stream().sorted().toList();
        String shown = String.join(", ", names.subList(0, Math.min(NAMED, names.size())))
                + (names.size() > NAMED ? ", and " + (names.size() - NAMED) + " more" : "");
        throw new PeerException.NotAllCopied(what + ": " + names.size() + " not copied, everything else was: "
                + shown);
    }

    /** The SFTP status {@code id} with the peer's {@code message}, from JSch's client or MINA's. */
    private static String sftp(int id, String message, String what) {
        switch (id) {
            case SftpConstants.SSH_FX_NO_SUCH_FILE:
                return what + ": " + word(id) + " (is the share still shared, and the name right?)";
            case SftpConstants.SSH_FX_PERMISSION_DENIED:
                String reason = message == null ? "" : message;
                return what + ": " + word(id) + (reason.contains("read-only") || reason.contains("only read")
                        ? " (" + reason.substring(reason.lastIndexOf(':') + 1).strip() + ")" : "");
            case SftpConstants.SSH_FX_CONNECTION_LOST:
            case SftpConstants.SSH_FX_NO_CONNECTION:
                return what + ": lost the connection to the peer";
            default:
                if (String.valueOf(message).contains("No space left") || id == NO_SPACE_ON_FILESYSTEM) {
                    return what + ": the peer's disk is full; nothing finished was overwritten";
                }
                return what + ": " + message;
        }
    }
}
