package dev.sluice.controlplane.autoscale;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Function;

/** A store (or any interface) that misbehaves on purpose in one method, for tests of what survives it. */
final class Failing {

    private Failing() {
    }

    /**
     * {@code target}, except that {@code method} first runs {@code instead}: what it answers (when not null) is the
     * call's answer, what it throws is thrown, and null lets the call through.
     */
    @SuppressWarnings("unchecked")
    static <T> T in(Class<T> type, T target, String method, Function<Object[], Object> instead) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getName().equals(method)) {
                Object replaced = instead.apply(args);
                if (replaced != null) {
                    return replaced;
                }
            }
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
