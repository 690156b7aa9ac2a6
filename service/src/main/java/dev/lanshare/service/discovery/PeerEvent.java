package dev.lanshare.service.discovery;

/**
 * What happened to a peer. Delivered in order, on one discovery thread: a listener must return quickly and hand
 * slow work elsewhere.
 */
public sealed interface PeerEvent {
    Peer peer();

    /** A peer appeared (or came back after it was lost). */
    record Found(Peer peer) implements PeerEvent {
    }

    /** A peer's name, addresses, port, key or shares changed. */
    record Changed(Peer peer) implements PeerEvent {
    }

    /** A peer said goodbye, or stopped answering; {@code peer} is how it was last seen. */
    record Lost(Peer peer) implements PeerEvent {
    }
}
