package io.eegrid.embedded;

/**
 * Follows the WebSocket frame boundaries (RFC 6455, section 5.2) of one direction of a TCP stream,
 * so that {@link ChaosProxy} can cut a connection in the middle of a frame. The stream starts with
 * the HTTP upgrade (request or response), which ends at the first empty line; frames follow. Only
 * the header is parsed (FIN/opcode byte, mask bit, 7/16/64-bit length, masking key); payloads are
 * skipped.
 *
 * <p>Thread rules: none; one instance belongs to one pump thread.
 */
final class WebSocketFrameTracker {
  private static final byte[] END_OF_HTTP = {'\r', '\n', '\r', '\n'};

  private boolean inHttp = true;
  private int httpMatched; // bytes of END_OF_HTTP matched so far
  private final byte[] header = new byte[14];
  private int headerSeen; // header bytes of the current frame seen
  private int headerLength; // 0 until the length fields are known
  private long payloadLeft; // payload bytes of the current frame still to come
  private long frameLength = -1; // header + payload, -1 until known
  private long frameSeen; // bytes of the current frame seen
  private long frames; // frames completed

  /** Frames completed so far. */
  long frames() {
    return frames;
  }

  /**
   * Feeds {@code len} bytes of the stream. With {@code cutAfter > 0}, finds a cut point inside a
   * frame: after the first {@code cutAfter} bytes of the frame (header included), or before the
   * last byte of a shorter frame. Frames already past that point when the feed starts are passed.
   *
   * @return the number of bytes of this range that come before the cut (the bytes after it are not
   *     consumed), or -1 if no cut point lies in the range (all bytes consumed)
   */
  int feed(byte[] b, int off, int len, int cutAfter) {
    int i = off;
    int end = off + len;
    while (i < end) {
      if (inHttp) {
        byte x = b[i++];
        if (x == END_OF_HTTP[httpMatched]) {
          httpMatched++;
        } else {
          httpMatched = x == '\r' ? 1 : 0;
        }
        if (httpMatched == END_OF_HTTP.length) {
          inHttp = false;
        }
        continue;
      }
      if (headerLength > 0 && cutAfter <= 0) {
        int skip = (int) Math.min(payloadLeft, end - i);
        i += skip;
        payloadLeft -= skip;
        frameSeen += skip;
        if (payloadLeft == 0) {
          nextFrame();
        }
        continue;
      }
      byte x = b[i++];
      frameSeen++;
      if (headerLength == 0) {
        header[headerSeen++] = x;
        parseHeader();
      } else {
        payloadLeft--;
      }
      if (headerLength > 0 && payloadLeft == 0) {
        nextFrame(); // the frame ended with this byte: no cut inside it
        continue;
      }
      if (cutAfter > 0
          && (frameSeen == cutAfter
              || (frameLength > 0 && frameSeen == frameLength - 1 && frameSeen < cutAfter))) {
        return i - off;
      }
    }
    return -1;
  }

  private void parseHeader() {
    if (headerSeen < 2) {
      return;
    }
    int len7 = header[1] & 0x7f;
    boolean masked = (header[1] & 0x80) != 0;
    int ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    int need = 2 + ext + (masked ? 4 : 0);
    if (headerSeen < need) {
      return;
    }
    long payload = len7;
    if (ext > 0) {
      payload = 0;
      for (int k = 0; k < ext; k++) {
        payload = (payload << 8) | (header[2 + k] & 0xff);
      }
    }
    headerLength = need;
    payloadLeft = payload;
    frameLength = need + payload;
  }

  private void nextFrame() {
    frames++;
    headerSeen = 0;
    headerLength = 0;
    payloadLeft = 0;
    frameLength = -1;
    frameSeen = 0;
  }
}
