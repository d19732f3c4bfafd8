package io.eegrid.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Encodes messages into one frame, in a buffer it reuses from frame to frame.
 *
 * <p>The envelope is written as msgpack by hand (a handful of formats) so that a message costs one
 * copy of its payload and no other allocation. Single-threaded: owned by one connection's writer.
 */
public final class FrameWriter {
  /** A reused buffer above this size is dropped after the frame is sent. */
  private static final int RETAINED_CAPACITY = 256 * 1024;

  private final CRC32C crc = new CRC32C();
  private byte[] buf = new byte[32 * 1024];
  private int pos;

  private final NameCache names = new NameCache();

  /** Starts a new frame. */
  public void reset() {
    if (buf.length > RETAINED_CAPACITY) {
      buf = new byte[32 * 1024];
    }
    pos = 0;
  }

  /** Bytes written to the current frame. */
  public int size() {
    return pos;
  }

  /** The current frame, as a view of the internal buffer valid until the next {@link #reset}. */
  public ByteBuffer frame() {
    return ByteBuffer.wrap(buf, 0, pos);
  }

  /** A copy of the current frame. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  /** Writes the header of a merged frame holding {@code count} messages that follow it. */
  public void writeMergedHeader(int count) {
    writeMessage(Message.of(0, count, Op.MERGED, 0, null), false);
  }

  /**
   * Appends one message; with {@code crc} the CRC flag is set and the CRC32C of the message's bytes
   * follows it.
   */
  public void writeMessage(Message m, boolean crc) {
    int start = pos;
    int flags = crc ? m.flags | Flags.CRC : m.flags & ~Flags.CRC;
    ensure(32 + m.payloadBytes());
    buf[pos++] = (byte) 0x97; // fixarray of 7
    writeUnsigned(m.muxId);
    writeUnsigned(m.seq);
    writeUnsigned(m.deadlineMillis);
    writeString(m.handler);
    writeUnsigned(m.op.code);
    writeUnsigned(flags);
    writeBinary(m.payload);
    if (m.subroute != null) {
      writeString(m.subroute);
    }
    if (crc) {
      this.crc.reset();
      this.crc.update(buf, start, pos - start);
      int value = (int) this.crc.getValue();
      ensure(4);
      buf[pos++] = (byte) (value >>> 24);
      buf[pos++] = (byte) (value >>> 16);
      buf[pos++] = (byte) (value >>> 8);
      buf[pos++] = (byte) value;
    }
  }

  private void writeUnsigned(long v) {
    ensure(9);
    if (v < 0) {
      throw new IllegalArgumentException("negative value " + v);
    } else if (v < 0x80) {
      buf[pos++] = (byte) v;
    } else if (v <= 0xFF) {
      buf[pos++] = (byte) 0xcc;
      buf[pos++] = (byte) v;
    } else if (v <= 0xFFFF) {
      buf[pos++] = (byte) 0xcd;
      putShort((int) v);
    } else if (v <= 0xFFFF_FFFFL) {
      buf[pos++] = (byte) 0xce;
      putInt((int) v);
    } else {
      buf[pos++] = (byte) 0xcf;
      putInt((int) (v >>> 32));
      putInt((int) v);
    }
  }

  private void writeString(String s) {
    if (s == null) {
      ensure(1);
      buf[pos++] = (byte) 0xc0;
      return;
    }
    byte[] bytes = names.utf8Of(s);
    int n = bytes.length;
    ensure(5 + n);
    if (n < 32) {
      buf[pos++] = (byte) (0xa0 | n);
    } else if (n <= 0xFF) {
      buf[pos++] = (byte) 0xd9;
      buf[pos++] = (byte) n;
    } else if (n <= 0xFFFF) {
      buf[pos++] = (byte) 0xda;
      putShort(n);
    } else {
      buf[pos++] = (byte) 0xdb;
      putInt(n);
    }
    System.arraycopy(bytes, 0, buf, pos, n);
    pos += n;
  }

  private void writeBinary(byte[] b) {
    if (b == null) {
      ensure(1);
      buf[pos++] = (byte) 0xc0;
      return;
    }
    int n = b.length;
    ensure(5 + n);
    if (n <= 0xFF) {
      buf[pos++] = (byte) 0xc4;
      buf[pos++] = (byte) n;
    } else if (n <= 0xFFFF) {
      buf[pos++] = (byte) 0xc5;
      putShort(n);
    } else {
      buf[pos++] = (byte) 0xc6;
      putInt(n);
    }
    System.arraycopy(b, 0, buf, pos, n);
    pos += n;
  }

  private void putShort(int v) {
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putInt(int v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
