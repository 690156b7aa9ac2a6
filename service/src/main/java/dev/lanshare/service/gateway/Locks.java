package dev.lanshare.service.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.jackrabbit.webdav.DavConstants;
import org.apache.jackrabbit.webdav.DavException;
import org.apache.jackrabbit.webdav.DavResource;
import org.apache.jackrabbit.webdav.DavServletResponse;
import org.apache.jackrabbit.webdav.lock.AbstractActiveLock;
import org.apache.jackrabbit.webdav.lock.ActiveLock;
import org.apache.jackrabbit.webdav.lock.LockInfo;
import org.apache.jackrabbit.webdav.lock.LockManager;
import org.apache.jackrabbit.webdav.lock.Scope;
import org.apache.jackrabbit.webdav.lock.Type;

/**
 * Write locks, exclusive and shared, held by the gateway alone: SFTP has no locks, so a lock keeps other programs
 * of this user from clashing, not colleagues. Jackrabbit's {@code SimpleLockManager} knows exclusive locks only,
 * which Finder and Office accept but the WebDAV class 2 tests do not.
 */
final class Locks implements LockManager {
    /** When a client asks for no timeout, or for more. */
    static final long MAX_TIMEOUT_MILLIS = 3_600_000;

    private final Map<String, List<Lock>> byPath = new HashMap<>();

    private static final class Lock extends AbstractActiveLock {
        private final String token = DavConstants.OPAQUE_LOCK_TOKEN_PREFIX + UUID.randomUUID();
        private final Scope scope;
        private final boolean deep;
        private String owner;
        private long expires;

        Lock(LockInfo info) {
            scope = info.getScope();
            deep = info.isDeep();
            owner = info.getOwner();
            setTimeout(info.getTimeout());
        }

        @Override
        public boolean isLockedByToken(String lockToken) {
            return token.equals(lockToken);
        }

        @Override
        public boolean isExpired() {
            return System.currentTimeMillis() > expires;
        }

        @Override
        public String getToken() {
            return token;
        }

        @Override
        public String getOwner() {
            return owner;
        }

        @Override
        public void setOwner(String owner) {
            this.owner = owner;
        }

        @Override
        public long getTimeout() {
            return expires - System.currentTimeMillis();
        }

        @Override
        public void setTimeout(long timeout) {
            long t = timeout <= 0 || timeout > MAX_TIMEOUT_MILLIS ? MAX_TIMEOUT_MILLIS : timeout;
            expires = System.currentTimeMillis() + t;
        }

        @Override
        public boolean isDeep() {
            return deep;
        }

        @Override
        public void setIsDeep(boolean isDeep) {
            throw new UnsupportedOperationException("a lock's depth is set when it is taken");
        }

        @Override
        public Type getType() {
            return Type.WRITE;
        }

        @Override
        public Scope getScope() {
            return scope;
        }
    }

    /** Every lock that covers {@code resource}: its own, and deep locks of the folders above it. */
    synchronized ActiveLock[] locks(DavResource resource) {
        return covering(resource.getResourcePath()).toArray(new ActiveLock[0]);
    }

    private List<Lock> covering(String path) {
        List<Lock> out = new ArrayList<>();
        for (Map.Entry<String, List<Lock>> e : byPath.entrySet()) {
            e.getValue().removeIf(Lock::isExpired);
            boolean self = e.getKey().equals(path);
            boolean above = path.startsWith(e.getKey().endsWith("/") ? e.getKey() : e.getKey() + "/");
            for (Lock l : e.getValue()) {
                if (self || above && l.isDeep()) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    @Override
    public synchronized ActiveLock getLock(Type type, Scope scope, DavResource resource) {
        return covering(resource.getResourcePath()).stream().filter(l -> l.getScope().equals(scope)).findFirst()
                .orElse(null);
    }

    @Override
    public synchronized ActiveLock createLock(LockInfo info, DavResource resource) throws DavException {
        String path = resource.getResourcePath();
        boolean exclusive = Scope.EXCLUSIVE.equals(info.getScope());
        for (Lock l : covering(path)) {
            if (exclusive || Scope.EXCLUSIVE.equals(l.getScope())) {
                throw new DavException(DavServletResponse.SC_LOCKED, path + " is locked already");
            }
        }
        if (info.isDeep()) {
            String prefix = path.endsWith("/") ? path : path + "/";
            for (Map.Entry<String, List<Lock>> e : byPath.entrySet()) {
                if (e.getKey().startsWith(prefix) && e.getValue().stream()
                        .anyMatch(l -> exclusive || Scope.EXCLUSIVE.equals(l.getScope()))) {
                    throw new DavException(DavServletResponse.SC_LOCKED, e.getKey() + " inside is locked");
                }
            }
        }
        Lock lock = new Lock(info);
        lock.setLockroot(resource.getHref());
        byPath.computeIfAbsent(path, p -> new ArrayList<>()).add(lock);
        return lock;
    }

    @Override
    public synchronized ActiveLock refreshLock(LockInfo info, String token, DavResource resource)
            throws DavException {
        for (Lock l : covering(resource.getResourcePath())) {
            if (l.isLockedByToken(token)) {
                l.setTimeout(info.getTimeout());
                return l;
            }
        }
        throw new DavException(DavServletResponse.SC_PRECONDITION_FAILED, "no such lock");
    }

    @Override
    public synchronized void releaseLock(String token, DavResource resource) throws DavException {
        for (Lock l : covering(resource.getResourcePath())) {
            if (l.isLockedByToken(token)) {
                byPath.values().forEach(locks -> locks.remove(l));
                return;
            }
        }
        throw new DavException(DavServletResponse.SC_CONFLICT, "that lock does not cover " + resource.getHref());
    }

    @Override
    public synchronized boolean hasLock(String token, DavResource resource) {
        return covering(resource.getResourcePath()).stream().anyMatch(l -> l.isLockedByToken(token));
    }

    /** The locks held on what is inside the folder {@code path} (not on the folder itself, nor above it). */
    synchronized List<ActiveLock> inside(String path) {
        String prefix = path.endsWith("/") ? path : path + "/";
        List<ActiveLock> out = new ArrayList<>();
        for (Map.Entry<String, List<Lock>> e : byPath.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                e.getValue().removeIf(Lock::isExpired);
                out.addAll(e.getValue());
            }
        }
        return out;
    }

    /** Drops the locks at or below {@code path}: it was deleted or moved away. */
    synchronized void forget(String path) {
        String prefix = path.endsWith("/") ? path : path + "/";
        byPath.keySet().removeIf(p -> p.equals(path) || p.startsWith(prefix));
    }
}
