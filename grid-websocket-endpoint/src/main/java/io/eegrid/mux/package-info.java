/**
 * Internal: the machinery behind {@code io.eegrid}: manager, connections, sessions (one per live
 * link), the output queue and its writer, mux clients and servers, handshake and reconnect. Not
 * part of the public API; may change without notice. Thread rules are at the top of each class.
 */
package io.eegrid.mux;
