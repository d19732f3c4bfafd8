/**
 * The jakarta.websocket adapter: {@link io.eegrid.websocket.GridEndpoint} serves the grid's path on
 * any WebSocket 2.1 container, {@link io.eegrid.websocket.WebSocketDialer} dials with the
 * container's own client. The only package that imports {@code jakarta.websocket}.
 */
package io.eegrid.websocket;
