package io.eegrid.fuzz;

/**
 * A reference check, independent of msgpack-core and of the engine: do these bytes hold exactly one
 * well-formed msgpack value (every header complete, every announced length and element present,
 * nothing after it, no reserved byte 0xc1)? Walks the bytes without recursion and without
 * allocating from announced sizes. Stateless.
 */
final class MsgpackShape {
  private MsgpackShape() {}

  static boolean isSingleValue(byte[] b) {
    long pending = 1; // values still expected, across all open containers
    int pos = 0;
    while (pending > 0) {
      if (pos >= b.length) {
        return false;
      }
      int f = b[pos++] & 0xff;
      pending--;
      long skip; // payload bytes after the header
      long children = 0;
      if (f <= 0x7f || f >= 0xe0 || f == 0xc0 || f == 0xc2 || f == 0xc3) {
        skip = 0;
      } else if (f >= 0x80 && f <= 0x8f) {
        skip = 0;
        children = 2L * (f & 0x0f);
      } else if (f >= 0x90 && f <= 0x9f) {
        skip = 0;
        children = f & 0x0f;
      } else if (f >= 0xa0 && f <= 0xbf) {
        skip = f & 0x1f;
      } else {
        switch (f) {
          case 0xc1:
            return false;
          case 0xc4, 0xd9: // bin8, str8
            if (pos + 1 > b.length) {
              return false;
            }
            skip = b[pos] & 0xff;
            pos += 1;
            break;
          case 0xc5, 0xda: // bin16, str16
            if (pos + 2 > b.length) {
              return false;
            }
            skip = uint(b, pos, 2);
            pos += 2;
            break;
          case 0xc6, 0xdb: // bin32, str32
            if (pos + 4 > b.length) {
              return false;
            }
            skip = uint(b, pos, 4);
            pos += 4;
            break;
          case 0xc7: // ext8: length, type
            if (pos + 2 > b.length) {
              return false;
            }
            skip = b[pos] & 0xff;
            pos += 2;
            break;
          case 0xc8: // ext16
            if (pos + 3 > b.length) {
              return false;
            }
            skip = uint(b, pos, 2);
            pos += 3;
            break;
          case 0xc9: // ext32
            if (pos + 5 > b.length) {
              return false;
            }
            skip = uint(b, pos, 4);
            pos += 5;
            break;
          case 0xca, 0xce, 0xd2: // float32, uint32, int32
            skip = 4;
            break;
          case 0xcb, 0xcf, 0xd3: // float64, uint64, int64
            skip = 8;
            break;
          case 0xcc, 0xd0: // uint8, int8
            skip = 1;
            break;
          case 0xcd, 0xd1: // uint16, int16
            skip = 2;
            break;
          case 0xd4: // fixext1..16: type byte plus data
            skip = 2;
            break;
          case 0xd5:
            skip = 3;
            break;
          case 0xd6:
            skip = 5;
            break;
          case 0xd7:
            skip = 9;
            break;
          case 0xd8:
            skip = 17;
            break;
          case 0xdc, 0xdd: // array16, array32
            {
              int n = f == 0xdc ? 2 : 4;
              if (pos + n > b.length) {
                return false;
              }
              children = uint(b, pos, n);
              pos += n;
              skip = 0;
              break;
            }
          case 0xde, 0xdf: // map16, map32
            {
              int n = f == 0xde ? 2 : 4;
              if (pos + n > b.length) {
                return false;
              }
              children = 2 * uint(b, pos, n);
              pos += n;
              skip = 0;
              break;
            }
          default:
            throw new AssertionError("unhandled format byte " + f);
        }
      }
      if (skip > b.length - pos) {
        return false;
      }
      pos += (int) skip;
      // Each element takes at least one byte: more announced than remain cannot be well formed.
      if (children > b.length - pos) {
        return false;
      }
      pending += children;
    }
    return pos == b.length;
  }

  private static long uint(byte[] b, int pos, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (b[pos + i] & 0xff);
    }
    return v;
  }
}
