package io.eegrid.mux;

/**
 * The budget of the Lincheck model checks: small by default so they fit in {@code mvn verify};
 * {@code -Dmodel.scale=N} multiplies the scenarios and interleavings explored
 * (docs/RELIABILITY.md).
 */
final class ModelChecks {
  private static final int SCALE = Integer.getInteger("model.scale", 1);

  private ModelChecks() {}

  static int iterations(int base) {
    return base * SCALE;
  }

  static int invocations(int base) {
    return base * SCALE;
  }
}
