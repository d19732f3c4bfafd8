package io.eegrid;

import java.time.Duration;
import java.util.UUID;

/**
 * A snapshot of one connection's counters. Counters are cumulative over the life of the {@link
 * Connection} (across reconnects); queue and mux figures are current.
 *
 * @param state the state when the snapshot was taken
 * @param bytesIn frame bytes received
 * @param bytesOut frame bytes sent
 * @param messagesIn messages received (each message of a merged frame counts)
 * @param messagesOut messages sent
 * @param framesOut frames sent (messagesOut / framesOut is the merge ratio)
 * @param queuedMessages messages waiting in the output queue now
 * @param queuedBytes payload bytes waiting in the output queue now
 * @param outgoingCalls calls this node started on the connection that are still open
 * @param incomingCalls calls the remote started that this node still serves
 * @param lastRoundTrip the last connection ping's round-trip time, or null before the first
 * @param reconnects how many times the connection was established again after the first time
 * @param remoteInstanceId the remote process's instance id, or null before the first handshake
 */
public record ConnectionStats(
    ConnectionState state,
    long bytesIn,
    long bytesOut,
    long messagesIn,
    long messagesOut,
    long framesOut,
    int queuedMessages,
    long queuedBytes,
    int outgoingCalls,
    int incomingCalls,
    Duration lastRoundTrip,
    long reconnects,
    UUID remoteInstanceId) {}
