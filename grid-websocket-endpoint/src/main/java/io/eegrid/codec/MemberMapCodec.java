package io.eegrid.codec;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.value.ValueType;

/**
 * Base of the record and class codecs: a value is a msgpack map from member name (str) to member
 * value, in declaration order.
 *
 * <p>Decoding is tolerant, for rolling upgrades: unknown keys are skipped and missing members keep
 * their default ({@link #newState}); a repeated key overwrites the earlier value. Keys are matched
 * on their UTF-8 bytes without building Strings, trying the member at the key's position first.
 *
 * <p>Immutable and thread-safe; per-value state lives in the object {@link #newState} returns.
 */
abstract class MemberMapCodec extends NullSafeCodec<Object> {
  /** One member: its name, its codec, and its name pre-encoded as a msgpack str. */
  static final class Member {
    final String name;
    final Codec<Object> codec;
    final byte[] nameUtf8;
    final byte[] encodedKey;

    Member(String name, Codec<Object> codec) {
      this.name = name;
      this.codec = codec;
      this.nameUtf8 = name.getBytes(StandardCharsets.UTF_8);
      try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
        packer.packString(name);
        this.encodedKey = packer.toByteArray();
      } catch (IOException e) {
        throw new IllegalStateException("cannot pre-encode member name " + name, e);
      }
    }
  }

  private final Member[] members;
  private final int maxNameBytes;

  MemberMapCodec(Type type, List<Member> members) {
    super(type);
    this.members = members.toArray(new Member[0]);
    int max = 0;
    for (Member m : this.members) {
      max = Math.max(max, m.nameUtf8.length);
    }
    this.maxNameBytes = max;
  }

  /** Returns member {@code index} of {@code value}. */
  abstract Object get(Object value, int index) throws Throwable;

  /** Returns fresh decode state holding every member's default. */
  abstract Object newState() throws Throwable;

  /** Stores member {@code index} into the decode state. */
  abstract void set(Object state, int index, Object memberValue) throws Throwable;

  /** Turns the decode state into the value. */
  abstract Object finish(Object state) throws Throwable;

  @Override
  final void encodeValue(Object value, MessagePacker out) throws IOException {
    out.packMapHeader(members.length);
    for (int i = 0; i < members.length; i++) {
      Member m = members[i];
      out.writePayload(m.encodedKey);
      Object memberValue;
      try {
        memberValue = get(value, i);
      } catch (Throwable t) {
        throw CodecFailure.wrapEncode(rethrowErrors(t), type, "." + m.name);
      }
      try {
        m.codec.encode(memberValue, out);
      } catch (RuntimeException e) {
        throw CodecFailure.wrapEncode(e, type, "." + m.name);
      }
    }
  }

  @Override
  final Object decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
    if (format.getValueType() != ValueType.MAP) {
      throw Inputs.unexpected(type, "map", format);
    }
    int count = Inputs.mapHeader(in, type);
    Object state = call(this::newState);
    for (int i = 0; i < count; i++) {
      int index;
      try {
        index = readKey(in, i);
      } catch (RuntimeException e) {
        throw CodecFailure.wrapDecode(e, type, "<key #" + i + ">");
      }
      if (index < 0) {
        try {
          Inputs.skipValue(in, type);
        } catch (RuntimeException e) {
          throw CodecFailure.wrapDecode(e, type, "<value of key #" + i + ">");
        }
        continue;
      }
      Member m = members[index];
      Object memberValue;
      try {
        memberValue = m.codec.decode(in);
      } catch (RuntimeException e) {
        throw CodecFailure.wrapDecode(e, type, "." + m.name);
      }
      try {
        set(state, index, memberValue);
      } catch (Throwable t) {
        throw CodecFailure.wrapDecode(rethrowErrors(t), type, "." + m.name);
      }
    }
    return call(() -> finish(state));
  }

  /** Reads one key and returns the index of its member, or -1 for an unknown key. */
  private int readKey(MessageUnpacker in, int position) throws IOException {
    MessageFormat format = Inputs.nextFormat(in, type);
    if (format.getValueType() != ValueType.STRING) {
      throw CodecFailure.decoding(type, "expected string key, found " + format.getValueType());
    }
    int length = in.unpackRawStringHeader();
    if (length > maxNameBytes) {
      Inputs.readPayload(in, length, type);
      return -1;
    }
    Inputs.checkAnnounced(in, length, type, length + " bytes");
    MessageBuffer key = in.readPayloadAsReference(length);
    if (position < members.length && matches(key, length, members[position].nameUtf8)) {
      return position;
    }
    for (int i = 0; i < members.length; i++) {
      if (matches(key, length, members[i].nameUtf8)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matches(MessageBuffer key, int length, byte[] name) {
    if (length != name.length) {
      return false;
    }
    if (key.hasArray()) {
      int from = key.arrayOffset();
      return Arrays.equals(key.array(), from, from + length, name, 0, length);
    }
    for (int i = 0; i < length; i++) {
      if (key.getByte(i) != name[i]) {
        return false;
      }
    }
    return true;
  }

  /** A step of the member protocol that may throw anything a method handle throws. */
  interface Step {
    Object run() throws Throwable;
  }

  private Object call(Step step) {
    try {
      return step.run();
    } catch (Throwable t) {
      RuntimeException e = rethrowErrors(t);
      if (e instanceof CodecFailure) {
        throw e;
      }
      throw CodecFailure.decoding(type, "the constructor failed: " + CodecFailure.describe(t), t);
    }
  }

  /** Rethrows errors; returns anything else as a runtime exception to wrap. */
  static RuntimeException rethrowErrors(Throwable t) {
    if (t instanceof Error) {
      throw (Error) t;
    }
    if (t instanceof RuntimeException) {
      return (RuntimeException) t;
    }
    return new IllegalStateException(t);
  }
}
