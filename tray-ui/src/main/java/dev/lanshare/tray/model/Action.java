package dev.lanshare.tray.model;

/**
 * What choosing a menu entry asks for. Data, so that every backend (and a test) can trigger the same thing: the
 * SNI backend maps dbusmenu ids to these, the Swing backends bind them to components.
 */
public sealed interface Action {
    /** Stop serving and announcing; the shares stay in the settings. */
    record PauseSharing() implements Action {
    }

    record ResumeSharing() implements Action {
    }

    /** Share a folder the tray remembers, or stop sharing one that is shared. */
    record SetShared(String share, boolean shared) implements Action {
    }

    /** Ask for a folder, then its name and who may open it. */
    record ShareFolder() implements Action {
    }

    /** Open a colleague's share in the file manager, or in the browse window where it has no sftp:// support. */
    record OpenPeerShare(String peer, String share, String url) implements Action {
    }

    /** Ask every colleague's machine which of its shared files match some words. */
    record SearchShares() implements Action {
    }

    /** Explain why a colleague is not seen: the service's doctor, in a window. */
    record Diagnose() implements Action {
    }

    record OpenSettings() implements Action {
    }

    /** Start the service when it is not running. */
    record StartService() implements Action {
    }

    /** Quit the tray; the service keeps running. */
    record Quit() implements Action {
    }
}
