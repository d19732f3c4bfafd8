package io.eegrid.bench;

/** Which way stream messages flow; public because JMH parameters must be. */
public enum Direction {
  /** The handler side sends, the caller reads. */
  TO_CALLER,
  /** The caller sends, the handler side reads. */
  TO_HANDLER,
  /** The caller sends, the handler echoes each message back; counted in both directions. */
  ECHO
}
