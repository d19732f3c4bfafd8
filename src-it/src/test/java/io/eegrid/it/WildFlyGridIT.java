package io.eegrid.it;

/** The example on WildFly 39 (Undertow WebSockets, Weld, SmallRye Config). */
class WildFlyGridIT extends GridScenarios {
  @Override
  ServerNode node(String name, int port) {
    return new WildFlyNode("wildfly-" + name, port);
  }
}
