package io.eegrid.codec;

import io.eegrid.CodecException;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import org.msgpack.core.MessageInsufficientBufferException;

/**
 * A {@link CodecException} that learns its path while it travels out of nested codecs.
 *
 * <p>A leaf codec throws it with its own type and a reason; each enclosing codec calls {@link #at}
 * with its type and the segment (".quantity", "[3]") before rethrowing the same instance, so the
 * message reads {@code cannot decode Customer.orders[3].quantity: expected integer, found STRING}.
 * Confined to the thread that throws it until it leaves the codec layer.
 */
final class CodecFailure extends CodecException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_SHOWN_SEGMENTS = 24;

  private final String verb;
  private final String reason;
  private final ArrayDeque<String> segments = new ArrayDeque<>();
  private String rootName;

  private CodecFailure(String verb, Type type, String reason, Throwable cause) {
    super(reason, cause);
    this.verb = verb;
    this.reason = reason;
    this.rootName = Types.name(type);
  }

  static CodecFailure decoding(Type type, String reason) {
    return new CodecFailure("decode", type, reason, null);
  }

  static CodecFailure decoding(Type type, String reason, Throwable cause) {
    return new CodecFailure("decode", type, reason, cause);
  }

  static CodecFailure encoding(Type type, String reason) {
    return new CodecFailure("encode", type, reason, null);
  }

  /**
   * Turns a failure of a nested codec into a failure of {@code outer} at {@code segment}. Rethrows
   * errors and I/O failures other than truncated input unchanged.
   */
  static CodecFailure wrapDecode(Throwable e, Type outer, String segment) {
    return wrap("decode", e, outer, segment);
  }

  static CodecFailure wrapEncode(Throwable e, Type outer, String segment) {
    return wrap("encode", e, outer, segment);
  }

  private static CodecFailure wrap(String verb, Throwable e, Type outer, String segment) {
    CodecFailure failure;
    if (e instanceof CodecFailure) {
      failure = (CodecFailure) e;
    } else if (e instanceof CodecException) {
      failure = new CodecFailure(verb, outer, e.getMessage(), e);
    } else if (e instanceof MessageInsufficientBufferException) {
      failure = new CodecFailure(verb, outer, "truncated input", e);
    } else {
      failure = new CodecFailure(verb, outer, describe(e), e);
    }
    return failure.at(outer, segment);
  }

  /** Returns a one-line description of an unexpected exception for a message. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  /** Records that this failure happened at {@code segment} inside a value of {@code outer}. */
  CodecFailure at(Type outer, String segment) {
    segments.addFirst(segment);
    rootName = Types.name(outer);
    return this;
  }

  @Override
  public String getMessage() {
    StringBuilder path = new StringBuilder();
    int i = 0;
    int n = segments.size();
    for (String segment : segments) {
      // A runaway recursion would give a path of hundreds of segments: keep both ends.
      if (n > MAX_SHOWN_SEGMENTS && i == MAX_SHOWN_SEGMENTS / 2) {
        path.append("...");
      }
      if (n <= MAX_SHOWN_SEGMENTS
          || i < MAX_SHOWN_SEGMENTS / 2
          || i >= n - MAX_SHOWN_SEGMENTS / 2) {
        path.append(segment);
      }
      i++;
    }
    return "cannot " + verb + " " + rootName + path + ": " + reason;
  }
}
