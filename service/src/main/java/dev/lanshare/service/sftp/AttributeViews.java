package dev.lanshare.service.sftp;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttributeView;

/**
 * Attribute views whose every call resolves and checks the path again: getters need read access, setters
 * (times, permissions, owner) need write access. Without this a view would be a way around the checks.
 */
final class AttributeViews {
    record Located(String shown, Path local) {
    }

    interface Locator {
        Located locate(boolean writing) throws IOException;
    }

    private AttributeViews() {
    }

    static <V extends FileAttributeView> V checked(Class<V> type, Locator locator, LinkOption[] options) {
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
                    V real = FileSystems.getDefault().provider().getFileAttributeView(at.local(), type, options);
                    if (real == null) {
                        throw new UnsupportedOperationException(type.getSimpleName() + " is not supported here");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        Throwable cause = e.getCause();
                        throw cause instanceof IOException io ? ShareFileSystemProvider.translate(io, at.shown())
                                : cause;
                    }
                });
        return type.cast(proxy);
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
