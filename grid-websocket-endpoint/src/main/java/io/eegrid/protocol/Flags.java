package io.eegrid.protocol;

/** Message flag bits (docs/PROTOCOL.md, "Flags"). Unknown bits are ignored by receivers. */
public final class Flags {
  /** A 4-byte CRC32C of the message follows it. Set on every message of a non-TLS link. */
  public static final int CRC = 0x01;

  /** End of stream in the sender's direction; always set on REQUEST and RESPONSE. */
  public static final int EOF = 0x02;

  /** The payload is an error: a msgpack array [code, message]. */
  public static final int ERROR = 0x04;

  /** A msgpack string with the subroute follows the envelope (REQUEST and CONNECT_MUX only). */
  public static final int SUBROUTE = 0x08;

  /** Bits this version understands. */
  public static final int KNOWN = CRC | EOF | ERROR | SUBROUTE;

  private Flags() {}

  /** True if {@code flag} is set in {@code flags}. */
  public static boolean has(int flags, int flag) {
    return (flags & flag) != 0;
  }
}
