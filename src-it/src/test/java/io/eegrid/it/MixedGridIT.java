package io.eegrid.it;

/**
 * One grid of three vendors: a Payara Micro node (Tyrus), a WildFly node (Undertow) and an Open
 * Liberty node (Liberty's own WebSocket stack), the same WAR on each. Every pair dials across two
 * WebSocket implementations, in the direction the host names decide.
 */
class MixedGridIT extends GridScenarios {
  @Override
  ServerNode node(String name, int port) {
    return switch (name) {
      case "a" -> new PayaraMicroNode("mixed-payara", port);
      case "b" -> new WildFlyNode("mixed-wildfly", port);
      default -> new LibertyNode("mixed-liberty", port);
    };
  }
}
