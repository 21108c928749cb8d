package io.eventweave.instrumentation.servletjavax;

import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import javax.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/** An embedded Undertow 2.2 (javax servlet) on 127.0.0.1 serving {@link Routes}; prints {@code listening <port>}. */
public final class UndertowApp {
    private UndertowApp() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Routes.AppServlet servlet = new Routes.AppServlet(stopped::countDown);
        DeploymentInfo deployment = Servlets.deployment().setClassLoader(UndertowApp.class.getClassLoader())
                .setContextPath("/").setDeploymentName("app")
                .addServlet(Servlets.servlet("app", Routes.AppServlet.class,
                        new ImmediateInstanceFactory<>(servlet)).addMapping("/*").setAsyncSupported(true))
                .addFilter(Servlets.filter("passThrough", Routes.PassThrough.class,
                        new ImmediateInstanceFactory<>(new Routes.PassThrough())).setAsyncSupported(true))
                .addFilterUrlMapping("passThrough", "/*", DispatcherType.REQUEST);
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start()).build();
        server.start();
        System.out.println("listening "
                + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
        stopped.await();
        Thread.sleep(200); // let the stop request's answer go out
        server.stop();
    }
}
