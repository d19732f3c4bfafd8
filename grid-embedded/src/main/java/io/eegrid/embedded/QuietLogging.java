package io.eegrid.embedded;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * java.util.logging setup for the nodes of the local grid: one line per record, warnings from the
 * libraries, information from the grid. Used through {@code
 * -Djava.util.logging.config.class=io.eegrid.embedded.QuietLogging}.
 */
public final class QuietLogging {
  public QuietLogging() {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
    Logger root = Logger.getLogger("");
    for (var h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setFormatter(new SimpleFormatter());
    console.setLevel(Level.ALL);
    root.addHandler(console);
    root.setLevel(Level.WARNING);
    Logger.getLogger("io.eegrid").setLevel(Level.INFO);
    // One warning per REST resource registered as an instance (see RestHost): noise here.
    Logger.getLogger("org.glassfish.jersey.internal.inject.Providers").setLevel(Level.SEVERE);
  }
}
