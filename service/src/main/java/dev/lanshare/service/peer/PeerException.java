package dev.lanshare.service.peer;

/** Something went wrong with a colleague's machine, said in the user's terms (peer, share, path). */
public class PeerException extends Exception {
    public PeerException(String message) {
        super(message);
    }

    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A folder copy that copied all but some entries, named in the message: the connection is as good as before. */
    public static final class NotAllCopied extends PeerException {
        public NotAllCopied(String message) {
            super(message);
        }
    }

    /**
     * Another copy into the same destination is under way (on this machine, in the command or the service): this
     * one was refused before it wrote anything. The connection is as good as before.
     */
    public static final class Busy extends PeerException {
        public Busy(String message) {
            super(message);
        }
    }

    /** The connection to the colleague went away mid-copy; what arrived is kept for the next run to continue. */
    public static final class Lost extends PeerException {
        public Lost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The peer's host key is not the one remembered (or announced): maybe not the machine it claims to be. */
    public static final class HostKeyChanged extends PeerException {
        public HostKeyChanged(String message) {
            super(message);
        }
    }
}
