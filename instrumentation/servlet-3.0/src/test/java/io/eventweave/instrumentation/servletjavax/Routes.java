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

/**
 * What every container app serves, behind a pass-through filter:
 * <ul>
 *   <li>{@code /ok}: 200; {@code /missing}: {@code sendError(404)}; {@code /unavailable}: {@code setStatus(503)};</li>
 *   <li>{@code /throw}: throws an {@code IllegalStateException} (the container answers 500);</li>
 *   <li>{@code /async}: {@code startAsync}, answered 200 from another thread 50 ms later;</li>
 *   <li>{@code /orders/<id>}: sets the route attribute as Spring MVC's handler mapping does ({@code /orders/{id}});</li>
 *   <li>{@code /stop}: stops the server.</li>
 * </ul>
 */
final class Routes {
    private Routes() {
    }

    /** A filter that only passes the request on: the request's dispatch begins here. */
    public static final class PassThrough implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            chain.doFilter(request, response);
        }
    }

    public static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Runnable stop;

        public AppServlet(Runnable stop) {
            this.stop = stop;
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
                new Thread(stop).start();
            } else {
                response.sendError(400);
            }
        }
    }
}
