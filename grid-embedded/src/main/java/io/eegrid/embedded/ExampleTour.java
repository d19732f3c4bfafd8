package io.eegrid.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the example application's REST API on a short tour of a local grid: writes keys through the
 * first node, reads them through the second, scans through the third, asks for the cluster, then
 * stops the last node and shows what a call to a key it owns gets. Plain HTTP/1.1; prints every
 * step. Used by {@link LocalGrid} with {@code --app}.
 */
final class ExampleTour {
  private static final Pattern NODE = Pattern.compile("\"node\":\"([^\"]+)\"");

  private ExampleTour() {}

  /**
   * Runs the tour; {@code stopLast} stops the last node. Returns whether every step went as
   * expected.
   */
  static boolean run(List<String> hosts, Runnable stopLast) throws Exception {
    int n = hosts.size();
    String first = hosts.get(0);
    String second = hosts.get(1 % n);
    String third = hosts.get(2 % n);
    if (!awaitConnected(hosts)) {
      return false;
    }
    System.out.println("Every node sees every peer connected. The tour:");
    List<String> ownersOfLast = new ArrayList<>();
    List<String> ownedByOthers = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      String key = "user:" + i;
      Reply put = call(first, "PUT", "/api/kv/" + key, "value " + i);
      String owner = node(put.body);
      System.out.printf("  PUT  %s via %s -> %d, stored on %s%n", key, first, put.status, owner);
      if (put.status != 200) {
        return false;
      }
      if (owner.equals(hosts.get(n - 1))) {
        ownersOfLast.add(key);
      } else {
        ownedByOthers.add(key);
      }
    }
    for (int i = 1; i <= 6; i++) {
      Reply get = call(second, "GET", "/api/kv/user:" + i, null);
      System.out.printf("  GET  user:%d via %s -> %d %s%n", i, second, get.status, get.body);
      if (get.status != 200) {
        return false;
      }
    }
    Reply scan = call(third, "GET", "/api/kv?prefix=user:", null);
    System.out.printf("  SCAN user: via %s -> %d %s%n", third, scan.status, scan.body);
    Reply cluster = call(first, "GET", "/api/cluster", null);
    System.out.printf("  CLUSTER via %s -> %d %s%n", first, cluster.status, cluster.body);
    Reply missing = call(second, "GET", "/api/kv/nobody", null);
    System.out.printf("  GET  nobody via %s -> %d %s%n", second, missing.status, missing.body);
    System.out.println("  status page: http://" + first + "/api/status/page");
    if (scan.status != 200 || cluster.status != 200 || missing.status != 404) {
      return false;
    }
    if (ownersOfLast.isEmpty()) {
      return true;
    }
    System.out.println("Stopping " + hosts.get(n - 1) + ":");
    stopLast.run();
    Reply down = call(first, "GET", "/api/kv/" + ownersOfLast.get(0), null);
    System.out.printf(
        "  GET  %s via %s -> %d %s%n", ownersOfLast.get(0), first, down.status, down.body);
    if (ownedByOthers.isEmpty()) {
      return down.status == 503;
    }
    String other = ownedByOthers.get(0);
    Reply up = call(first, "GET", "/api/kv/" + other, null);
    System.out.printf("  GET  %s via %s -> %d %s%n", other, first, up.status, up.body);
    return down.status == 503 && up.status == 200;
  }

  private static boolean awaitConnected(List<String> hosts) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (String h : hosts) {
        try {
          Reply s = call(h, "GET", "/api/status", null);
          int connected = count(s.body, "\"state\":\"CONNECTED\"");
          all &= s.status == 200 && connected == hosts.size() - 1;
        } catch (IOException e) {
          all = false;
        }
      }
      if (all) {
        return true;
      }
      Thread.sleep(200); // a launcher polling a service, not a test
    }
    System.out.println("The nodes did not all connect within 60 s.");
    return false;
  }

  private static int count(String text, String what) {
    int c = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      c++;
    }
    return c;
  }

  private static String node(String json) {
    Matcher m = NODE.matcher(json);
    return m.find() ? m.group(1) : "?";
  }

  private record Reply(int status, String body) {}

  private static Reply call(String host, String method, String path, String body)
      throws IOException {
    HttpURLConnection c =
        (HttpURLConnection) URI.create("http://" + host + path).toURL().openConnection();
    c.setConnectTimeout(5_000);
    c.setReadTimeout(20_000);
    c.setRequestMethod(method);
    c.setRequestProperty("Accept", "application/json");
    if (body != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "text/plain; charset=utf-8");
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    c.disconnect();
    return new Reply(status, text);
  }
}
