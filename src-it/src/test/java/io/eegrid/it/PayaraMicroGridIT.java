package io.eegrid.it;

/** The example on Payara Micro 6 (Tyrus, Weld, GlassFish concurrency). */
class PayaraMicroGridIT extends GridScenarios {
  @Override
  ServerNode node(String name, int port) {
    return new PayaraMicroNode("payara-" + name, port);
  }
}
