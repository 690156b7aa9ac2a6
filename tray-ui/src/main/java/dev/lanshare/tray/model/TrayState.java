package dev.lanshare.tray.model;

import dev.lanshare.config.Share;
import dev.lanshare.service.control.Protocol.AccountInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of what the tray knows, taken from the control channel: everything the menu and the windows show.
 *
 * @param remembered folders the tray knows that are not shared now (unticked), so they can be ticked again
 * @param problem    the last thing that went wrong, in words, or empty
 */
public record TrayState(boolean running, boolean paused, String name, int port, String fingerprint,
        List<Share> shares, List<Share> remembered, List<Peer> peers, List<AccountInfo> accounts,
        String problem, Optional<FirstRun> firstRun) {
    /**
     * The account and password the service's first run made, while that password is unchanged ({@code status}'s
     * {@code firstRun}); {@code folder} is the folder it shared.
     */
    public record FirstRun(String account, String password, String folder) {
        @Override
        public String toString() {
            return "FirstRun[" + account + ", " + folder + "]";
        }
    }

    /** What the icon shows. */
    public enum Icon {
        SHARING, PAUSED, NOT_RUNNING
    }

    /** A state with no first-run password to show. */
    public TrayState(boolean running, boolean paused, String name, int port, String fingerprint,
            List<Share> shares, List<Share> remembered, List<Peer> peers, List<AccountInfo> accounts,
            String problem) {
        this(running, paused, name, port, fingerprint, shares, remembered, peers, accounts, problem,
                Optional.empty());
    }

    public TrayState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(firstRun, "firstRun");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(problem, "problem");
        shares = List.copyOf(shares);
        remembered = List.copyOf(remembered);
        peers = List.copyOf(peers);
        accounts = List.copyOf(accounts);
    }

    /** No service answers; {@code remembered} still lets the settings window show the known folders. */
    public static TrayState notRunning(List<Share> remembered, String problem) {
        return new TrayState(false, false, "", 0, "", List.of(), remembered, List.of(), List.of(), problem);
    }

    public Icon icon() {
        return !running ? Icon.NOT_RUNNING : paused ? Icon.PAUSED : Icon.SHARING;
    }

    public TrayState withProblem(String text) {
        return new TrayState(running, paused, name, port, fingerprint, shares, remembered, peers, accounts, text,
                firstRun);
    }

    /** One line for tooltips and the window's title bar. */
    public String summary() {
        if (!running) {
            return "lanshare is not running";
        }
        if (paused) {
            return "lanshare: sharing paused";
        }
        return shares.isEmpty() ? "lanshare: nothing shared" : "lanshare: sharing " + shares.size()
                + (shares.size() == 1 ? " folder" : " folders");
    }
}
