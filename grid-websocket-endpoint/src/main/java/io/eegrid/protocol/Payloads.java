package io.eegrid.protocol;

import io.eegrid.ErrorCode;
import io.eegrid.ProtocolException;
import io.eegrid.RemoteException;
import io.eegrid.UnknownHandlerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Encodes and decodes the payloads of control messages (docs/PROTOCOL.md, "Control payloads").
 * Handshake payloads are msgpack maps with string keys; decoders skip keys they do not know, so a
 * later version can add keys without breaking this one. Stateless and thread-safe.
 */
public final class Payloads {
  /** Handshake version carried in CONNECT and CONNECT_RESPONSE. */
  public static final int HANDSHAKE_VERSION = 1;

  private Payloads() {}

  /** The CONNECT payload: who is dialing, when, and its token. */
  public record ConnectRequest(
      int version, UUID instanceId, String host, long timeMillis, String token) {}

  /** The CONNECT_RESPONSE payload. {@code reason} is null when accepted. */
  public record ConnectResponse(int version, UUID instanceId, boolean accepted, String reason) {}

  public static byte[] encode(ConnectRequest r) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packMapHeader(5);
      p.packString("v").packInt(r.version());
      p.packString("id").packBinaryHeader(16).writePayload(uuidBytes(r.instanceId()));
      p.packString("host").packString(r.host());
      p.packString("time").packLong(r.timeMillis());
      p.packString("token").packString(r.token());
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] encode(ConnectResponse r) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packMapHeader(r.reason() == null ? 3 : 4);
      p.packString("v").packInt(r.version());
      p.packString("id").packBinaryHeader(16).writePayload(uuidBytes(r.instanceId()));
      p.packString("accepted").packBoolean(r.accepted());
      if (r.reason() != null) {
        p.packString("reason").packString(r.reason());
      }
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ConnectRequest decodeConnectRequest(byte[] payload) {
    int version = -1;
    UUID id = null;
    String host = null;
    String token = null;
    long time = 0;
    boolean timeSeen = false;
    try (MessageUnpacker u = unpacker(payload, "CONNECT")) {
      int n = mapHeader(u, "CONNECT");
      for (int i = 0; i < n; i++) {
        String key = u.unpackString();
        switch (key) {
          case "v" -> version = u.unpackInt();
          case "id" -> id = readUuid(u);
          case "host" -> host = u.unpackString();
          case "time" -> {
            time = u.unpackLong();
            timeSeen = true;
          }
          case "token" -> token = u.unpackString();
          default -> Skip.value(u, payload.length);
        }
      }
    } catch (MessagePackException | IOException e) {
      throw new ProtocolException("malformed CONNECT payload: " + e.getMessage(), e);
    }
    if (version < 0 || id == null || host == null || token == null || !timeSeen) {
      throw new ProtocolException("CONNECT payload lacks one of v, id, host, time, token");
    }
    return new ConnectRequest(version, id, host, time, token);
  }

  public static ConnectResponse decodeConnectResponse(byte[] payload) {
    int version = 0;
    UUID id = null;
    Boolean accepted = null;
    String reason = null;
    try (MessageUnpacker u = unpacker(payload, "CONNECT_RESPONSE")) {
      int n = mapHeader(u, "CONNECT_RESPONSE");
      for (int i = 0; i < n; i++) {
        String key = u.unpackString();
        switch (key) {
          case "v" -> version = u.unpackInt();
          case "id" -> id = readUuid(u);
          case "accepted" -> accepted = u.unpackBoolean();
          case "reason" -> reason = u.unpackString();
          default -> Skip.value(u, payload.length);
        }
      }
    } catch (MessagePackException | IOException e) {
      throw new ProtocolException("malformed CONNECT_RESPONSE payload: " + e.getMessage(), e);
    }
    if (id == null || accepted == null) {
      throw new ProtocolException("CONNECT_RESPONSE payload lacks id or accepted");
    }
    return new ConnectResponse(version, id, accepted, reason);
  }

  /** An error payload: {@code [code, message]}. */
  public static byte[] encodeError(ErrorCode code, String message) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packArrayHeader(2).packInt(code.wireValue()).packString(limitErrorMessage(message));
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The longest error message sent, in UTF-8 bytes: an error payload always fits in the smallest
   * allowed {@code maxMessageBytes} (1024), whatever the exception said.
   */
  public static final int MAX_ERROR_MESSAGE_BYTES = 1000;

  /**
   * {@code message} cut to at most {@link #MAX_ERROR_MESSAGE_BYTES} UTF-8 bytes at a character
   * boundary, ending with "..." when cut; null becomes "".
   */
  static String limitErrorMessage(String message) {
    if (message == null) {
      return "";
    }
    if (message.length() * 3 <= MAX_ERROR_MESSAGE_BYTES
        || message.getBytes(StandardCharsets.UTF_8).length <= MAX_ERROR_MESSAGE_BYTES) {
      return message;
    }
    int budget = MAX_ERROR_MESSAGE_BYTES - 3;
    int bytes = 0;
    int end = 0;
    while (end < message.length()) {
      int cp = message.codePointAt(end);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > budget) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    return message.substring(0, end) + "...";
  }

  /** The exception an error payload describes; a malformed payload becomes a PROTOCOL_ERROR. */
  public static RemoteException decodeError(byte[] payload) {
    if (payload == null) {
      return new RemoteException(ErrorCode.UNKNOWN, "error without payload");
    }
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(payload)) {
      int n = u.unpackArrayHeader();
      if (n < 2) {
        return new RemoteException(ErrorCode.PROTOCOL_ERROR, "error payload with " + n + " items");
      }
      ErrorCode code = ErrorCode.fromWire(u.unpackLong());
      String message = u.unpackString();
      return code == ErrorCode.UNKNOWN_HANDLER
          ? new UnknownHandlerException(message)
          : new RemoteException(code, message);
    } catch (MessagePackException | IOException e) {
      return new RemoteException(
          ErrorCode.PROTOCOL_ERROR, "malformed error payload: " + e.getMessage());
    }
  }

  /** The ACK_MUX payload: {@code [requestWindow, responseWindow]}. */
  public static byte[] encodeWindows(int requestWindow, int responseWindow) {
    if (requestWindow >= 0 && requestWindow < 128 && responseWindow >= 0 && responseWindow < 128) {
      return new byte[] {(byte) 0x92, (byte) requestWindow, (byte) responseWindow};
    }
    return packWindows(requestWindow, responseWindow);
  }

  private static byte[] packWindows(int requestWindow, int responseWindow) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packArrayHeader(2).packInt(requestWindow).packInt(responseWindow);
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Decodes an ACK_MUX payload into {@code {requestWindow, responseWindow}}. */
  public static int[] decodeWindows(byte[] payload) {
    try (MessageUnpacker u = unpacker(payload, "ACK_MUX")) {
      int n = u.unpackArrayHeader();
      if (n < 2) {
        throw new ProtocolException("ACK_MUX payload has " + n + " items, not 2");
      }
      int in = u.unpackInt();
      int out = u.unpackInt();
      if (in < 0 || out < 1) {
        throw new ProtocolException("ACK_MUX windows " + in + "/" + out + " out of range");
      }
      return new int[] {in, out};
    } catch (MessagePackException | IOException e) {
      throw new ProtocolException("malformed ACK_MUX payload: " + e.getMessage(), e);
    }
  }

  /** A ping or pong payload: one integer (the sender's monotonic time in nanoseconds). */
  public static byte[] encodeLong(long value) {
    byte[] b = new byte[9];
    b[0] = (byte) 0xd3; // int64
    ByteBuffer.wrap(b, 1, 8).putLong(value);
    return b;
  }

  public static long decodeLong(byte[] payload) {
    try (MessageUnpacker u = unpacker(payload, "PING")) {
      return u.unpackLong();
    } catch (MessagePackException | IOException e) {
      throw new ProtocolException("malformed ping payload: " + e.getMessage(), e);
    }
  }

  private static MessageUnpacker unpacker(byte[] payload, String what) {
    if (payload == null) {
      throw new ProtocolException(what + " without payload");
    }
    return MessagePack.newDefaultUnpacker(payload);
  }

  private static int mapHeader(MessageUnpacker u, String what) throws IOException {
    MessageFormat f = u.getNextFormat();
    if (f.getValueType() != org.msgpack.value.ValueType.MAP) {
      throw new ProtocolException(what + " payload is a " + f + ", not a map");
    }
    return u.unpackMapHeader();
  }

  private static UUID readUuid(MessageUnpacker u) throws IOException {
    int len = u.unpackBinaryHeader();
    if (len != 16) {
      throw new ProtocolException("instance id of " + len + " bytes, not 16");
    }
    ByteBuffer b = ByteBuffer.wrap(u.readPayload(16));
    return new UUID(b.getLong(), b.getLong());
  }

  private static byte[] uuidBytes(UUID id) {
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }
}
