package dev.lanshare.tray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The peer client's messages as the tray shows them. The peer client words what to do for the {@code lanshare}
 * command ("run the same command again to continue"); in the tray the owner copies again instead, or starts the
 * service from the menu. Only the advice changes: what happened is said as the peer client said it.
 */
public final class TrayWords {
    /** Longest first: "…again to continue" before "…again". */
    private static final Map<String, String> ADVICE = new LinkedHashMap<>();

    static {
        ADVICE.put("; run the same command again to continue", "; copy it again to resume: what arrived is kept");
        ADVICE.put("; run the same command again to resume", "; copy it again to resume");
        ADVICE.put("; run the same command again", "; copy it again");
        ADVICE.put("; run this again once it has finished", "; copy again once it has finished");
        ADVICE.put("start it again (lanshare serve) and retry",
                "start it again (" + dev.lanshare.tray.model.MenuBuilder.START + ", in the tray's menu) and copy again");
    }

    /** The end of the peer client's words for a changed host key ({@code HostKeyCheck}). */
    private static final java.util.regex.Pattern CHANGED_KEY = java.util.regex.Pattern.compile(
            "from 'lanshare status'; if it matches, run: lanshare trust .+ --reset");

    private TrayWords() {
    }

    /** {@code message} from the peer client (or the service copying for it) with the tray's advice. */
    public static String of(String message) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (Map.Entry<String, String> e : ADVICE.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        // a changed host key: the browse window of that colleague has the button that forgets the old one
        return CHANGED_KEY.matcher(out).replaceFirst(java.util.regex.Matcher.quoteReplacement(
                "from their tray's settings (Host-key fingerprint) or 'lanshare status'; if it matches, choose"
                        + " \"Trust the new key…\" in the window that shows its folders"));
    }
}
