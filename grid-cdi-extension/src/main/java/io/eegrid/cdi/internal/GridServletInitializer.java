package io.eegrid.cdi.internal;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts and stops the grid with the web module itself. On some servers (Payara) the extension's
 * application-start observer never sees the web module's event, only a non-web module's; this
 * listener covers them. It is added from {@code onStartup} because the {@code ServerContainer}
 * attribute may not be set yet at that time (Payara), and does its work in {@code
 * contextInitialized}. Starting and stopping are idempotent, so servers where the CDI events do
 * arrive are unaffected. Only servlet containers load this class. Stateless.
 */
public final class GridServletInitializer implements ServletContainerInitializer {
  private static final Logger LOG = Logger.getLogger(GridServletInitializer.class.getName());

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    context.addListener(
        new ServletContextListener() {
          @Override
          public void contextInitialized(ServletContextEvent event) {
            GridExtension extension = extension();
            if (extension != null) {
              extension.startFromServlet(event.getServletContext());
            }
          }

          @Override
          public void contextDestroyed(ServletContextEvent event) {
            GridExtension extension = extension();
            if (extension != null) {
              extension.stopFromServlet();
            }
          }
        });
  }

  private static GridExtension extension() {
    try {
      return CDI.current().getBeanManager().getExtension(GridExtension.class);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "grid: no CDI container or no grid extension in this web module", e);
      return null;
    }
  }
}
