package io.eegrid.codec;

import java.util.HexFormat;

/** Hex for byte-exact codec tests: {@code "82 a1 78"} with any spacing. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }

  static String of(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }
}
