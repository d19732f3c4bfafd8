/**
 * Service provider interface between the grid and a byte transport: a WebSocket in production
 * ({@code io.eegrid.websocket}), an in-memory pipe in tests. Implement it to carry the grid over
 * another message-oriented transport.
 */
package io.eegrid.transport;
