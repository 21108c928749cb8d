package io.eventweave.instrumentation.resilience4j;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * {@code Decorators.ofCheckedSupplier(...).withFallback(checkedHandler)} on Resilience4j 1.x (vavr
 * {@code CheckedFunction0/1}) and 2.x ({@code CheckedSupplier}/{@code CheckedFunction}): the checked types differ,
 * so the app builds its supplier and handler for whichever is present and calls the decorator by reflection. The
 * handler prints what it was given.
 */
public final class CheckedFallbackApp {
    private CheckedFallbackApp() {
    }

    public static void main(String[] args) throws Exception {
        boolean v2 = present("io.github.resilience4j.core.functions.CheckedFunction");
        Class<?> supplierType = Class.forName(v2 ? "io.github.resilience4j.core.functions.CheckedSupplier" : "io.vavr.CheckedFunction0");
        Class<?> handlerType = Class.forName(v2 ? "io.github.resilience4j.core.functions.CheckedFunction" : "io.vavr.CheckedFunction1");
        Object failing = Proxy.newProxyInstance(supplierType.getClassLoader(), new Class<?>[] {supplierType},
                (proxy, method, a) -> {
                    if (method.isDefault() || method.getDeclaringClass() == Object.class) {
                        return method.getDeclaringClass() == Object.class ? objectMethod(proxy, method, a)
                                : java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, a);
                    }
                    throw new IllegalStateException("checked call failed");
                });
        String[] name = new String[1];
        Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                (proxy, method, a) -> {
                    if (method.isDefault() || method.getDeclaringClass() == Object.class) {
                        return method.getDeclaringClass() == Object.class ? objectMethod(proxy, method, a)
                                : java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, a);
                    }
                    System.out.println("lib fallback.invoke " + name[0] + " " + a[0].getClass().getName() + " success");
                    return "checked fallback";
                });
        Class<?> decorators = Class.forName("io.github.resilience4j.decorators.Decorators");
        Object decorateChecked = decorators.getMethod("ofCheckedSupplier", supplierType).invoke(null, failing);
        Method withFallback = decorateChecked.getClass().getMethod("withFallback", handlerType);
        Object withHandler = withFallback.invoke(decorateChecked, handler); name[0] = site();
        Object decorated = withHandler.getClass().getMethod("decorate").invoke(withHandler);
        Method call = supplierType.getMethod(v2 ? "get" : "apply");
        try {
            System.out.println("result " + call.invoke(decorated));
        } catch (InvocationTargetException e) {
            System.out.println("threw " + e.getCause());
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "proxy";
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String site() {
        StackTraceElement caller = new Throwable().getStackTrace()[1];
        return caller.getFileName() + ":" + caller.getLineNumber();
    }
}
