package dev.lanshare.service.sharefs;

import dev.lanshare.config.Access;
import java.io.IOException;
import java.nio.channels.Channel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The files one session has open, by share, so that a share that closes or turns read-only can close them: the
 * client's next read or write then fails instead of going on with rights it no longer has.
 */
public final class OpenChannels {
    private record Entry(String share, boolean writing) {
    }

    private final Map<Channel, Entry> open = new ConcurrentHashMap<>();

    <C extends Channel> C track(C channel, String share, boolean writing) {
        open.keySet().removeIf(c -> !c.isOpen());
        open.put(channel, new Entry(share, writing));
        return channel;
    }

    /** Closes what {@code accessNow} no longer allows: everything in closed shares, writers in read-only ones. */
    public void revoke(Function<String, Optional<Access>> accessNow) {
        open.forEach((channel, entry) -> {
            Optional<Access> access = accessNow.apply(entry.share());
            if (access.isEmpty() || (entry.writing() && access.get() != Access.WRITE)) {
                closeQuietly(channel);
            }
        });
        open.keySet().removeIf(c -> !c.isOpen());
    }

    void closeAll() {
        open.keySet().forEach(OpenChannels::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Channel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing to revoke access: nothing more to do
        }
    }
}
