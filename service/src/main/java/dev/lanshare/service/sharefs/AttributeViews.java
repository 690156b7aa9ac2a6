package dev.lanshare.service.sharefs;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttributeView;

/**
 * Attribute views whose every call resolves and checks the path again: getters need read access, setters
 * (times, permissions, owner) need write access. Without this a view would be a way around the checks.
 * Where the path leads is resolved at each call; a link at its end is then not followed.
 */
final class AttributeViews {
    record Located(String shown, Path root, Path local) {
    }

    interface Locator {
        Located locate(boolean writing) throws IOException;
    }

    private AttributeViews() {
    }

    static <V extends FileAttributeView> V checked(Class<V> type, Locator locator) {
        if (!type.isInterface()) {
            return null;
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return objectMethod(self, method, args, type);
                    }
                    boolean writing = method.getName().startsWith("set");
                    Located at = locator.locate(writing);
                    try {
                        // the view of the file reached from its opened folder, not by path (see OpenedFolders)
                        return OpenedFolders.onView(at.root(), at.local(), type, real -> {
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause() instanceof IOException io ? io : new Thrown(e.getCause());
                            } catch (IllegalAccessException e) {
                                throw new Thrown(e);
                            }
                        });
                    } catch (Thrown e) {
                        throw e.getCause();
                    } catch (IOException e) {
                        throw ShareFileSystemProvider.translate(e, at.shown());
                    }
                });
        return type.cast(proxy);
    }

    /** Carries what the real view threw, other than an I/O error, out through {@link OpenedFolders#onView}. */
    private static final class Thrown extends IOException {
        Thrown(Throwable cause) {
            super(cause);
        }
    }

    private static Object objectMethod(Object self, Method method, Object[] args, Class<?> type) {
        switch (method.getName()) {
            case "equals":
                return self == args[0];
            case "hashCode":
                return System.identityHashCode(self);
            default:
                return "checked " + type.getSimpleName();
        }
    }
}
