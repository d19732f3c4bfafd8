/**
 * Internal: the wire format of grid messages (docs/PROTOCOL.md). No threads, no I/O, no jakarta
 * imports. Not part of the public API; may change without notice.
 */
package io.eegrid.protocol;
