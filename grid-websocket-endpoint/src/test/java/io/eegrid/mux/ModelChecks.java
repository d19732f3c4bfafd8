package io.eegrid.mux;

/**
 * The budget of the Lincheck model checks. {@code -Dmodel.percent=P} scales the scenarios and the
 * interleavings explored per scenario to P % of each check's base (default 100; 500 goes deeper, 10
 * gives a quick smoke run); see docs/RELIABILITY.md.
 */
final class ModelChecks {
  private static final int PERCENT = Integer.getInteger("model.percent", 100);

  private ModelChecks() {}

  static int iterations(int base) {
    return Math.max(1, base * PERCENT / 100);
  }

  static int invocations(int base) {
    return Math.max(1, base * PERCENT / 100);
  }
}
