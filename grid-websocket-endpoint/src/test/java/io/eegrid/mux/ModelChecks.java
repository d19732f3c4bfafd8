package io.eegrid.mux;

/**
 * The budget of the Lincheck model checks. {@code -Dmodel.percent=P} scales the scenarios and the
 * interleavings explored per scenario to P % of each check's base. The default, 10, is what {@code
 * mvn verify} runs; 100 or more goes deeper (docs/RELIABILITY.md).
 */
final class ModelChecks {
  private static final int PERCENT = Integer.getInteger("model.percent", 10);

  private ModelChecks() {}

  static int iterations(int base) {
    return Math.max(1, base * PERCENT / 100);
  }

  static int invocations(int base) {
    return Math.max(1, base * PERCENT / 100);
  }
}
