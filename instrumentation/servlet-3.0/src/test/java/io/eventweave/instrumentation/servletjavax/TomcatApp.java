package io.eventweave.instrumentation.servletjavax;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An embedded Tomcat 9 on 127.0.0.1 serving {@link Routes}. Prints
 * {@code listening <port>} when it is up. Knows nothing of eventweave.
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
        Tomcat.addServlet(context, "app", new Routes.AppServlet(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "app");
        FilterDef filter = new FilterDef();
        filter.setFilterName("passThrough");
        filter.setFilter(new Routes.PassThrough());
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

}
