package dev.lanshare.service.sftp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How many connections the server holds, per remote address and in all. A few connections of an address log in at
 * once; more from it wait their turn (their reads held) rather than being refused, so that one machine opening a
 * burst gets in while one that opens connections and stays silent holds only its own address's slots.
 *
 * @param <T> what stands for a connection (a session); compared by identity
 */
final class ConnectionLimits<T> {
    /** Logging in at once per address: a person typing a password, or a burst of a machine's connections. */
    static final int LOGGING_IN_PER_ADDRESS = 10;
    /** Not logged in yet per address, logging in or waiting to. */
    static final int UNAUTHENTICATED_PER_ADDRESS = 64;
    static final int PER_ADDRESS = 128;
    static final int TOTAL = 256;

    enum Verdict { LOG_IN, WAIT, REFUSE }

    /** What to do with a new connection; {@code why} says why it is refused. */
    record Admission(Verdict verdict, String why) {
    }

    private static final class Address<T> {
        final Set<T> loggingIn = new HashSet<>();
        final Deque<T> waiting = new ArrayDeque<>();
        final Set<T> loggedIn = new HashSet<>();

        int total() {
            return loggingIn.size() + waiting.size() + loggedIn.size();
        }
    }

    private final Map<String, Address<T>> addresses = new HashMap<>();
    private int total;

    /** Counts a new connection from {@code address} unless a limit is reached. */
    synchronized Admission admit(String address, T connection) {
        Address<T> a = addresses.computeIfAbsent(address, k -> new Address<>());
        if (total >= TOTAL) {
            return refuse(address, "the server holds " + TOTAL + " connections, its most");
        }
        if (a.total() >= PER_ADDRESS) {
            return refuse(address, PER_ADDRESS + " connections from " + address + " already");
        }
        if (a.loggingIn.size() + a.waiting.size() >= UNAUTHENTICATED_PER_ADDRESS) {
            return refuse(address, UNAUTHENTICATED_PER_ADDRESS + " connections from " + address
                    + " are logging in already");
        }
        total++;
        if (a.loggingIn.size() < LOGGING_IN_PER_ADDRESS) {
            a.loggingIn.add(connection);
            return new Admission(Verdict.LOG_IN, null);
        }
        a.waiting.add(connection);
        return new Admission(Verdict.WAIT, null);
    }

    /** The connection logged in; returns a waiting one of the same address that may now log in. */
    synchronized Optional<T> loggedIn(String address, T connection) {
        Address<T> a = addresses.get(address);
        if (a == null || !a.loggingIn.remove(connection)) {
            return Optional.empty();
        }
        a.loggedIn.add(connection);
        return next(a);
    }

    /** The connection closed; returns a waiting one of the same address that may now log in. */
    synchronized Optional<T> closed(String address, T connection) {
        Address<T> a = addresses.get(address);
        if (a == null) {
            return Optional.empty();
        }
        boolean wasLoggingIn = a.loggingIn.remove(connection);
        if (wasLoggingIn || a.waiting.remove(connection) || a.loggedIn.remove(connection)) {
            total--;
        }
        Optional<T> next = wasLoggingIn ? next(a) : Optional.empty();
        if (a.total() == 0) {
            addresses.remove(address);
        }
        return next;
    }

    /** Connections from {@code address} logging in now (not those waiting). */
    synchronized int loggingIn(String address) {
        Address<T> a = addresses.get(address);
        return a == null ? 0 : a.loggingIn.size();
    }

    synchronized int total() {
        return total;
    }

    private Optional<T> next(Address<T> a) {
        T next = a.waiting.poll();
        if (next != null) {
            a.loggingIn.add(next);
        }
        return Optional.ofNullable(next);
    }

    private Admission refuse(String address, String why) {
        if (addresses.get(address).total() == 0) {
            addresses.remove(address);
        }
        return new Admission(Verdict.REFUSE, why);
    }
}
