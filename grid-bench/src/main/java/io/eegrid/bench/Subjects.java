package io.eegrid.bench;

/** Starts a {@link Subject} by its name in {@link Shapes}. */
final class Subjects {
  private Subjects() {}

  /**
   * Starts the named system, both sides connected and ready.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static Subject start(String name) throws Exception {
    switch (name) {
      case Shapes.EEGRID:
        return new GridSubject(false);
      case Shapes.EEGRID_WIDE:
        return new GridSubject(true);
      case Shapes.EEGRID_DIRECT:
        return new GridSubject(false, true);
      case Shapes.TYRUS:
        return new TyrusSubject();
      case Shapes.GRPC:
        return new GrpcSubject(false);
      case Shapes.GRPC_DIRECT:
        return new GrpcSubject(true);
      case Shapes.RSOCKET:
        return new RSocketSubject();
      default:
        throw new IllegalArgumentException("unknown system " + name);
    }
  }
}
