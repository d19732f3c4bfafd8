package io.eegrid.it;

/** The example on Open Liberty 26 (its own WebSocket, CDI and concurrency implementations). */
class LibertyGridIT extends GridScenarios {
  @Override
  ServerNode node(String name, int port) {
    return new LibertyNode("liberty-" + name, port);
  }
}
