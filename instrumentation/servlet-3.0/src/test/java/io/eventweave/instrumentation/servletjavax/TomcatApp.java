package io.eventweave.instrumentation.servletjavax;

import javax.servlet.AsyncContext;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An embedded Tomcat (9.0) on 127.0.0.1 with a filter in front of every servlet:
 * <ul>
 *   <li>{@code /ok}: 200; {@code /missing}: {@code sendError(404)}; {@code /unavailable}: {@code setStatus(503)};</li>
 *   <li>{@code /throw}: throws an {@code IllegalStateException} (Tomcat answers 500);</li>
 *   <li>{@code /async}: {@code startAsync}, answered 200 from another thread 50 ms later;</li>
 *   <li>{@code /orders/<id>}: sets the route attribute as Spring MVC's handler mapping does ({@code /orders/{id}});</li>
 *   <li>{@code /stop}: stops the server.</li>
 * </ul>
 * Prints {@code listening <port>} when it is up. Knows nothing of eventweave.
 */
public final class TomcatApp {
    private TomcatApp() {
    }

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        Path base = Files.createTempDirectory("tomcat");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "app", new AppServlet(tomcat)).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "app");
        FilterDef filter = new FilterDef();
        filter.setFilterName("passThrough");
        filter.setFilter(new PassThrough());
        filter.setAsyncSupported("true");
        context.addFilterDef(filter);
        FilterMap map = new FilterMap();
        map.setFilterName("passThrough");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        tomcat.start();
        System.out.println("listening " + connector.getLocalPort());
        tomcat.getServer().await();
    }

    /** A filter that only passes the request on: the request's dispatch begins here. */
    static final class PassThrough implements Filter {
        @Override
        public void init(javax.servlet.FilterConfig config) {
        }

        @Override
        public void destroy() {
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            chain.doFilter(request, response);
        }
    }

    static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Tomcat tomcat;

        AppServlet(Tomcat tomcat) {
            this.tomcat = tomcat;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getRequestURI();
            if (path.equals("/ok")) {
                response.getWriter().write("ok");
            } else if (path.equals("/missing")) {
                response.sendError(404);
            } else if (path.equals("/unavailable")) {
                response.setStatus(503);
            } else if (path.equals("/throw")) {
                throw new IllegalStateException("the handler failed");
            } else if (path.equals("/async")) {
                AsyncContext async = request.startAsync();
                async.start(() -> {
                    try {
                        Thread.sleep(50);
                        async.getResponse().getWriter().write("async");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    async.complete();
                });
            } else if (path.startsWith("/orders/")) {
                request.setAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern",
                        "/orders/{id}");
                response.getWriter().write("order");
            } else if (path.equals("/stop")) {
                response.getWriter().write("stopping");
                new Thread(() -> {
                    try {
                        tomcat.stop();
                        tomcat.destroy();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).start();
            } else {
                response.sendError(400);
            }
        }
    }
}
