package io.eegrid.mux;

import io.eegrid.CancelledException;
import io.eegrid.DisconnectedException;
import io.eegrid.ErrorCode;
import io.eegrid.GridException;
import io.eegrid.HandlerOptions;
import io.eegrid.ProtocolException;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.FrameReader;
import io.eegrid.protocol.FrameWriter;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import io.eegrid.transport.Transport;
import io.eegrid.transport.TransportListener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One live link (one WebSocket session) of a {@link GridConnection}: handshake, inbound dispatch,
 * the single writer, keepalive, and the tables of the calls running over it. When the link ends,
 * everything bound to it ends with it: the output queue is dropped, every call this node started
 * fails with {@link DisconnectedException}, every handler serving the remote is cancelled, and the
 * connection is told (which redials, if this side dials). Nothing is replayed on the next link.
 *
 * <p>Thread rules:
 *
 * <ul>
 *   <li>{@link #onFrame} runs on the transport's I/O thread, one frame at a time; it never blocks
 *       (rule 1): it decodes, updates call state, completes futures, queues control messages (which
 *       never block) and hands handlers to the executor. {@code reader} and {@code expected*} state
 *       are confined to it. The one exception to rule 7, opted into per handler and per call: a
 *       non-blocking single handler runs here, and a direct completion completes its future here
 *       (their sends never wait: {@link #sendData}, {@link InboundThread}).
 *   <li>One writer at a time (rule 2), as a role rather than a thread ({@link #kickWriter}): a
 *       thread whose call is alone on an idle link writes its frame itself; otherwise a task on the
 *       executor writes, and while a frame is outstanding messages pile up and the send's
 *       completion hands the next (merged) frame to the executor. An I/O thread writes only single
 *       requests and responses that opted-in code queued on it: those its frame's dispatch queued
 *       on this link go out together when the frame is done ({@link #flushInbound}: one merged
 *       frame for a merged frame's replies), one it queues on another link goes out at once if
 *       alone on an idle link; the send is asynchronous. Its control messages and send completions
 *       always hand the writer to the executor. One frame outstanding at a time; {@link
 *       #writeWatch} closes the link when one takes longer than the write timeout.
 *   <li>{@code clients} and {@code servers} are concurrent maps; calls remove themselves when they
 *       end. {@code closeReason} is set once, by whoever ends the link first.
 * </ul>
 */
final class Session implements TransportListener {
  private static final Logger LOG = Logger.getLogger(Session.class.getName());

  private enum Phase {
    HANDSHAKE,
    OPEN,
    CLOSED
  }

  final Grid grid;
  final boolean dialing;
  final OutboundQueue queue;
  final ConcurrentHashMap<Long, ClientCall> clients = new ConcurrentHashMap<>();
  final ConcurrentHashMap<Long, ServerCall> servers = new ConcurrentHashMap<>();
  final DeadlineSweep deadlines = new DeadlineSweep(this);

  volatile GridConnection connection;
  private volatile Transport transport;
  private volatile Phase phase = Phase.HANDSHAKE;
  private final AtomicReference<String> closeReason = new AtomicReference<>();
  private final java.util.concurrent.CountDownLatch ended =
      new java.util.concurrent.CountDownLatch(1);
  private volatile long lastInboundNanos;
  private volatile boolean crc = true;
  private volatile String finishReason;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>(3); // guarded by this
  private final FrameReader reader;
  private final Consumer<Message> dispatcher = this::dispatch;

  /**
   * The thread inside {@link #onFrame} of this link, or null. Written only by that thread; another
   * thread reading it can see null or some other thread, never itself, which is all it asks.
   */
  private Thread framing;

  /** Confined to {@code framing}: a single request or response waits for the frame's end. */
  private boolean flushAfterFrame;

  // The writer (see kickWriter). The fields after the constants are used only by the holder of
  // the queue's writer role; the role passes between threads under the queue's lock, or through
  // sendState. lastFrameDoneNanos, sendStartedNanos and frameBytes are read by any thread.
  private static final int INLINE_FRAME_BUDGET = 8;
  private static final int TASK_FRAME_BUDGET = 256;

  /**
   * A stream message or credit queued less than this after the last frame went out is part of a
   * burst: it goes through the executor, and what its sender queues meanwhile shares its frame. A
   * single request or response is its call's only message, so there is no burst of its own to wait
   * for: alone on an idle link it is written by the queueing thread at once, however soon after the
   * previous frame (at 1 call in flight a round trip can be shorter than this gap).
   */
  private static final long BURST_GAP_NANOS = 50_000;

  private static final int NO_SEND = 0;
  private static final int SENDING = 1;
  private static final int SENT_INSIDE_SEND = 2;
  private static final int AWAITING_COMPLETION = 3;
  private final AtomicInteger sendState = new AtomicInteger();
  private final Transport.SendCallback frameSent = this::onFrameSent;
  private final Runnable writerTask = () -> writeFrames(TASK_FRAME_BUDGET);
  private final FrameWriter frameWriter = new FrameWriter();
  private final List<Message> batch;
  private volatile Throwable sendFailure;
  private volatile long lastFrameDoneNanos = System.nanoTime() - 2 * BURST_GAP_NANOS;
  private volatile long sendStartedNanos; // 0 when no frame is outstanding
  private volatile int frameBytes; // of the outstanding or last frame
  private int frameMessages;
  private UUID remoteInstanceId;

  Session(Grid grid, GridConnection connection, boolean dialing) {
    this.grid = grid;
    this.connection = connection;
    this.dialing = dialing;
    this.queue = new OutboundQueue(grid.config.maxQueuedMessages(), grid.config.maxQueuedBytes());
    this.reader = new FrameReader(grid.config.maxMessageBytes(), grid.config.maxNameBytes());
    this.batch = new ArrayList<>(grid.config.maxMergeMessages() + 1);
    this.lastInboundNanos = grid.clock.nanoTime();
  }

  long nanoTime() {
    return grid.clock.nanoTime();
  }

  String remoteHost() {
    GridConnection c = connection;
    if (c != null) {
      return c.remoteHost();
    }
    Transport t = transport;
    return t == null ? "?" : t.remoteAddress();
  }

  boolean isOpen() {
    return phase == Phase.OPEN;
  }

  /**
   * Starts using {@code t}: the writer runs, and the handshake must finish within its timeout. The
   * dialing side sends CONNECT at once.
   */
  void bind(Transport t) {
    this.transport = t;
    this.crc = !t.isSecure();
    kickWriter(false); // anything queued before the link was bound
    schedule(
        () ->
            close(
                "handshake with "
                    + remoteHost()
                    + " not done within "
                    + grid.config.handshakeTimeout().toMillis()
                    + " ms"),
        grid.config.handshakeTimeout().toNanos());
    if (dialing) {
      long now = grid.clock.currentTimeMillis();
      byte[] payload =
          Payloads.encode(
              new Payloads.ConnectRequest(
                  Payloads.HANDSHAKE_VERSION,
                  grid.instanceId(),
                  grid.localHost(),
                  now,
                  grid.token(now)));
      sendControl(Message.of(0, 0, Op.CONNECT, 0, payload));
    }
  }

  // ---- inbound path (transport I/O thread; never blocks) ------------------------------------

  @Override
  public void onFrame(ByteBuffer frame) {
    if (phase == Phase.CLOSED) {
      return;
    }
    lastInboundNanos = grid.clock.nanoTime();
    GridConnection c = connection;
    if (c != null) {
      c.stats.bytesIn.add(frame.remaining());
    }
    int[] inbound = InboundThread.enter();
    Thread outer = framing;
    framing = Thread.currentThread();
    try {
      reader.read(frame, dispatcher);
    } catch (ProtocolException e) {
      LOG.log(Level.WARNING, "grid: protocol error from " + remoteHost() + ": " + e.getMessage());
      close("protocol error: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "grid: internal error handling a frame from " + remoteHost(), e);
      close("internal error: " + e);
    } finally {
      framing = outer;
      if (outer == null && flushAfterFrame) {
        flushAfterFrame = false;
        flushInbound();
      }
      InboundThread.exit(inbound);
    }
  }

  @Override
  public void onClosed(String reason) {
    if (dialing && phase == Phase.HANDSHAKE && reason != null && reason.startsWith("1008")) {
      grid.rejected(remoteHost(), null, reason, true); // refused at the upgrade (1008)
    }
    close("link closed: " + reason);
  }

  private void dispatch(Message m) {
    if (LOG.isLoggable(Level.FINEST)) {
      LOG.finest("grid: " + remoteHost() + " -> " + grid.localHost() + " " + m);
    }
    GridConnection c = connection;
    if (c != null) {
      c.stats.messagesIn.increment();
    }
    switch (phase) {
      case HANDSHAKE -> receiveHandshake(m);
      case OPEN -> receive(m);
      case CLOSED -> {}
    }
  }

  private void receiveHandshake(Message m) {
    if (dialing) {
      if (m.op != Op.CONNECT_RESPONSE) {
        throw new ProtocolException("expected CONNECT_RESPONSE, received " + m.op);
      }
      Payloads.ConnectResponse r = Payloads.decodeConnectResponse(m.payload);
      if (!r.accepted()) {
        String reason = r.reason() == null ? "no reason given" : r.reason();
        grid.rejected(remoteHost(), null, reason, true);
        close("refused by " + remoteHost() + ": " + reason);
        return;
      }
      open(r.instanceId());
    } else {
      if (m.op != Op.CONNECT) {
        throw new ProtocolException("expected CONNECT as the first message, received " + m.op);
      }
      Payloads.ConnectRequest r = Payloads.decodeConnectRequest(m.payload);
      String refusal = grid.checkConnect(r);
      if (refusal != null) {
        phase = Phase.CLOSED; // nothing more is read on this link
        grid.rejected(r.host(), transport.remoteAddress(), refusal, false);
        sendControl(
            Message.of(
                0,
                0,
                Op.CONNECT_RESPONSE,
                0,
                Payloads.encode(
                    new Payloads.ConnectResponse(
                        Payloads.HANDSHAKE_VERSION, grid.instanceId(), false, refusal))));
        closeAfterFlush("refused: " + refusal);
        return;
      }
      connection = grid.connectionFor(r.host());
      sendControl(
          Message.of(
              0,
              0,
              Op.CONNECT_RESPONSE,
              0,
              Payloads.encode(
                  new Payloads.ConnectResponse(
                      Payloads.HANDSHAKE_VERSION, grid.instanceId(), true, null))));
      open(r.instanceId());
    }
  }

  private void open(UUID remoteId) {
    cancelTimers();
    grid.handshakeDone(this);
    remoteInstanceId = remoteId;
    phase = Phase.OPEN;
    if (!connection.attach(this, remoteId)) {
      close("the grid is closed");
      return;
    }
    long ping = grid.config.pingInterval().toNanos();
    scheduleAtFixedRate(this::pingTick, ping);
    scheduleAtFixedRate(this::streamTick, grid.config.streamPingInterval().toNanos());
    scheduleAtFixedRate(
        this::writeWatch, Math.max(1_000_000, grid.config.writeTimeout().toNanos() / 4));
  }

  UUID remoteInstanceId() {
    return remoteInstanceId;
  }

  private void receive(Message m) {
    switch (m.op) {
      case PING -> receivePing(m);
      case PONG -> {
        if (m.muxId == 0) {
          connection.stats.lastRoundTripNanos =
              grid.clock.nanoTime() - Payloads.decodeLong(m.payload);
        } else {
          ClientCall c = clients.get(m.muxId);
          if (c != null) {
            c.receive(m);
          }
        }
      }
      case REQUEST -> receiveRequest(m);
      case CONNECT_MUX -> receiveConnectMux(m);
      case RESPONSE, UNBLOCK_CL_MUX -> {
        ClientCall c = clients.get(m.muxId);
        if (c != null) {
          c.receive(m);
        }
      }
      case ACK_MUX, MUX_SERVER_MSG -> {
        ClientCall c = clients.get(m.muxId);
        if (c != null) {
          c.receive(m);
        } else if (!m.has(Flags.EOF)) {
          // We gave up on this call; tell the handler side (its table, not ours: no cross-talk).
          sendCancel(m.muxId);
        }
      }
      case MUX_CONNECT_ERROR -> {
        ClientCall c = clients.get(m.muxId);
        if (c != null) {
          c.receiveConnectError(Payloads.decodeError(m.payload));
        }
      }
      case DISCONNECT_CLIENT_MUX -> {
        ClientCall c = clients.get(m.muxId);
        if (c != null) {
          c.receiveDisconnect(
              m.has(Flags.ERROR)
                  ? Payloads.decodeError(m.payload)
                  : new DisconnectedException("the handler side dropped call " + m.muxId));
        }
      }
      case MUX_CLIENT_MSG -> {
        ServerCall s = servers.get(m.muxId);
        if (s instanceof ServerStream stream) {
          stream.receiveRequest(m);
        } else {
          sendControl(
              Message.of(
                  m.muxId,
                  0,
                  Op.DISCONNECT_CLIENT_MUX,
                  Flags.ERROR,
                  Payloads.encodeError(
                      ErrorCode.CANCELLED,
                      "stream " + m.muxId + " is not open on " + grid.localHost())));
        }
      }
      case UNBLOCK_SRV_MUX -> {
        if (servers.get(m.muxId) instanceof ServerStream stream) {
          stream.receiveCredits(m.seq);
        }
      }
      case DISCONNECT_SERVER_MUX -> {
        ServerCall s = servers.get(m.muxId);
        if (s != null) {
          s.cancelByCaller();
        }
      }
      case CONNECT, CONNECT_RESPONSE -> throw new ProtocolException(m.op + " after the handshake");
      case MERGED -> {} // unreachable: FrameReader unpacks merged frames
    }
  }

  private void receivePing(Message m) {
    if (m.muxId == 0) {
      sendControl(Message.of(0, 0, Op.PONG, 0, m.payload));
      return;
    }
    if (servers.get(m.muxId) instanceof ServerStream stream) {
      stream.receivePing();
      sendControl(Message.of(m.muxId, m.seq, Op.PONG, 0, null));
    } else {
      sendControl(
          Message.of(
              m.muxId,
              m.seq,
              Op.PONG,
              Flags.ERROR,
              Payloads.encodeError(
                  ErrorCode.CANCELLED,
                  "stream " + m.muxId + " is not open on " + grid.localHost())));
    }
  }

  private void receiveRequest(Message m) {
    HandlerRegistry.Entry entry = grid.handlers.lookup(m.handler, m.subroute);
    String refusal = refuse(m, entry, entry == null || entry.single() == null);
    if (refusal != null) {
      return;
    }
    ServerRequest call = new ServerRequest(this, m, entry.single());
    if (entry.options().nonBlocking()) {
      if (startServerCall(call, false)) {
        call.run(); // here, on the I/O thread: see HandlerOptions.nonBlocking
      }
      return;
    }
    if (!startServerCall(call, true)) {
      return;
    }
    try {
      grid.executor.execute(call);
    } catch (RejectedExecutionException e) {
      call.cancel(new CancelledException("rejected"));
      call.finish();
      sendConnectError(
          m.muxId,
          ErrorCode.OVERLOADED,
          grid.localHost()
              + " cannot run "
              + m.handler
              + " now: its executor is full or shutting down");
    }
  }

  private void receiveConnectMux(Message m) {
    HandlerRegistry.Entry entry = grid.handlers.lookup(m.handler, m.subroute);
    if (refuse(m, entry, entry == null || entry.stream() == null) != null) {
      return;
    }
    HandlerOptions o = entry.options();
    int requestWindow = m.has(Flags.EOF) ? 0 : o.requestWindow();
    ServerStream stream =
        new ServerStream(this, m, entry.stream(), requestWindow, o.responseWindow());
    if (!startServerCall(stream, true)) {
      return;
    }
    // The ack is queued before the handler can queue anything: it is the stream's first message.
    sendControl(
        Message.of(
            m.muxId, 0, Op.ACK_MUX, 0, Payloads.encodeWindows(requestWindow, o.responseWindow())));
    try {
      grid.executor.execute(stream);
    } catch (RejectedExecutionException e) {
      stream.cancel(new CancelledException("rejected"));
      stream.finish();
      sendControl(
          Message.of(
              m.muxId,
              1,
              Op.MUX_SERVER_MSG,
              Flags.EOF | Flags.ERROR,
              Payloads.encodeError(
                  ErrorCode.OVERLOADED,
                  grid.localHost()
                      + " cannot run "
                      + m.handler
                      + " now: its executor is full or shutting down")));
    }
  }

  /** Answers MUX_CONNECT_ERROR and returns the reason if the call cannot be served. */
  private String refuse(Message m, HandlerRegistry.Entry entry, boolean missing) {
    if (grid.isClosing()) {
      String r = grid.localHost() + " is shutting down";
      sendConnectError(m.muxId, ErrorCode.SHUTTING_DOWN, r);
      return r;
    }
    if (missing) {
      String kind = m.op == Op.REQUEST ? "single" : "stream";
      String r =
          "no "
              + kind
              + " handler \""
              + m.handler
              + "\""
              + (m.subroute == null ? "" : " with subroute \"" + m.subroute + "\"")
              + " on "
              + grid.localHost();
      sendConnectError(m.muxId, ErrorCode.UNKNOWN_HANDLER, r);
      return r;
    }
    // Limit of calls served per connection (PROTOCOL.md section 18). Only this (I/O) thread adds
    // to servers, so the size cannot grow between the check and the put. Over the limit the call
    // is refused and the link goes on: the caller cannot see how many of its calls still run here.
    int running = servers.size();
    if (running >= grid.config.maxInboundCalls()) {
      String r =
          grid.localHost()
              + " already serves "
              + running
              + " calls from "
              + remoteHost()
              + " (maxInboundCalls "
              + grid.config.maxInboundCalls()
              + "); "
              + m.handler
              + " refused";
      sendConnectError(m.muxId, ErrorCode.OVERLOADED, r);
      return r;
    }
    return null;
  }

  /**
   * Registers a call from the remote. With {@code watchDeadline} its deadline cancels it when it
   * passes; without (a handler that runs inline and returns at once) the deadline is only checked
   * when the handler or the response asks.
   */
  private boolean startServerCall(ServerCall call, boolean watchDeadline) {
    if (servers.putIfAbsent(call.key, call) != null) {
      sendConnectError(call.id, ErrorCode.PROTOCOL_ERROR, "mux id " + call.id + " is in use");
      return false;
    }
    if (phase == Phase.CLOSED) {
      // close() sets the phase before it cancels the table: it may have missed this call, which
      // then must not start (as in register()). SessionCloseRaceTest.
      call.cancel(
          new CancelledException("connection to " + remoteHost() + " lost: " + closeReason.get()));
      removeServer(call);
      return false;
    }
    if (watchDeadline && call.deadlineNanos != 0) {
      // Refused only while the grid shuts down; the handler still sees its deadline when it asks.
      deadlines.watchServed(call);
    }
    return true;
  }

  private void sendConnectError(long muxId, ErrorCode code, String message) {
    sendControl(Message.of(muxId, 0, Op.MUX_CONNECT_ERROR, 0, Payloads.encodeError(code, message)));
  }

  // ---- calls --------------------------------------------------------------------------------

  /** Registers a new outgoing call under a fresh mux id. */
  <T extends ClientCall> T register(T call) {
    clients.put(call.key, call);
    if (phase == Phase.CLOSED) {
      clients.remove(call.key);
      throw new DisconnectedException(
          "connection to " + remoteHost() + " lost: " + closeReason.get());
    }
    return call;
  }

  void removeClient(ClientCall call) {
    clients.remove(call.key, call);
  }

  void removeServer(ServerCall call) {
    if (servers.remove(call.key, call)) {
      grid.serverCallEnded();
    }
  }

  /** Queues a control message; drops the link if the queue is past its hard cap. */
  void sendControl(Message m) {
    sendControl(m, false);
  }

  /**
   * Queues a control message; with {@code writeHere} (not on an I/O thread) the caller may write it
   * itself when the link is idle.
   */
  void sendControl(Message m, boolean writeHere) {
    if (!queue.offerControl(m)) {
      close(
          "output queue overflow: "
              + queue.size()
              + " messages wait for a link that does not"
              + " drain");
      return;
    }
    kickWriter(writeHere);
  }

  /**
   * Queues a data message (waiting for room, see {@link OutboundQueue#putData}) and writes it from
   * this thread when the link is idle. On a thread inside an inbound path ({@link InboundThread}: a
   * non-blocking handler, a direct completion) a single request or response never waits: a request
   * that finds the queue full fails, a response may use the room kept for control messages, and
   * past that the link is dropped as for control messages. Stream messages wait as everywhere
   * (stream calls are not for I/O threads).
   *
   * @throws GridException when a request from an I/O thread finds the queue full
   */
  void sendData(Message m, OutboundQueue.CallState call, AtomicLong seq) {
    if (seq == null && InboundThread.isCurrent()) {
      boolean response = m.op == Op.RESPONSE;
      if (!queue.offerData(m, call, response)) {
        if (response) {
          close(
              "output queue overflow: "
                  + queue.size()
                  + " messages wait for a link that does not drain");
          throw new DisconnectedException("link to " + remoteHost() + " dropped: queue overflow");
        }
        throw new GridException(
            "output queue to "
                + remoteHost()
                + " is full ("
                + queue.size()
                + " messages): a call started on an I/O thread (a non-blocking handler or a"
                + " direct completion) does not wait for room");
      }
      if (framing == Thread.currentThread()) {
        flushAfterFrame = true; // written with the frame's other replies: see flushInbound
        return;
      }
    } else {
      queue.putData(m, call, seq);
    }
    kickWriter(true, seq != null);
  }

  /** Tells the handler side to cancel call {@code muxId}. */
  void sendCancel(long muxId) {
    sendControl(Message.of(muxId, 0, Op.DISCONNECT_SERVER_MUX, 0, null));
  }

  // ---- keepalive ----------------------------------------------------------------------------

  private void pingTick() {
    long now = grid.clock.nanoTime();
    long silent = now - lastInboundNanos;
    long limit = 2 * grid.config.pingInterval().toNanos();
    if (silent > limit) {
      close(
          "no message from "
              + remoteHost()
              + " for "
              + TimeUnit.NANOSECONDS.toMillis(silent)
              + " ms (limit "
              + TimeUnit.NANOSECONDS.toMillis(limit)
              + " ms)");
      return;
    }
    sendControl(Message.of(0, 0, Op.PING, 0, Payloads.encodeLong(now)));
  }

  private void streamTick() {
    long now = grid.clock.nanoTime();
    long interval = grid.config.streamPingInterval().toNanos();
    for (ClientCall c : clients.values()) {
      if (c instanceof StreamCall s) {
        long silent = now - s.lastSignNanos;
        if (silent > 2 * interval) {
          s.failLocally(
              new DisconnectedException(
                  "stream "
                      + s.id
                      + " to "
                      + remoteHost()
                      + ": no sign of the handler for "
                      + TimeUnit.NANOSECONDS.toMillis(silent)
                      + " ms"),
              true);
        } else {
          sendControl(Message.of(s.id, 0, Op.PING, 0, null));
        }
      }
    }
    for (ServerCall c : servers.values()) {
      if (c instanceof ServerStream s && !s.isCancelled() && now - s.lastPingNanos > 4 * interval) {
        LOG.info(
            "grid: cancelling "
                + s.describe()
                + ": no ping from the caller for "
                + TimeUnit.NANOSECONDS.toMillis(now - s.lastPingNanos)
                + " ms");
        s.cancel(new CancelledException(s.describe() + ": the caller went silent"));
        sendControl(
            Message.of(
                s.id,
                0,
                Op.DISCONNECT_CLIENT_MUX,
                Flags.ERROR,
                Payloads.encodeError(ErrorCode.CANCELLED, s.describe() + ": caller silent")));
      }
    }
  }

  // ---- writer -------------------------------------------------------------------------------

  /**
   * After a message was queued: makes sure someone writes it. With {@code writeHere} the calling
   * thread takes the free writer role and writes at once when the link is idle: its call is the
   * only one on the link and (for stream messages and credits) no frame went out in the last {@link
   * #BURST_GAP_NANOS} (no hand-off for a lone request and its response). Otherwise, and always for
   * control messages queued by the transport's I/O threads (which pass false), the executor writes:
   * the hand-off gives other senders time to queue, and their messages share the frame. An I/O
   * thread passes true only for a non-blocking handler's response or a direct completion's request
   * ({@link #sendData}).
   */
  void kickWriter(boolean writeHere) {
    kickWriter(writeHere, true);
  }

  /** {@link #kickWriter(boolean)}; {@code mayBurst} false for single requests and responses. */
  private void kickWriter(boolean writeHere, boolean mayBurst) {
    if (transport == null) {
      return; // not bound yet: bind() starts the writer
    }
    if (!queue.claimWriter()) {
      return; // the writer role is taken: its holder writes this message too
    }
    if (writeHere
        && clients.size() + servers.size() <= 1
        && (!mayBurst || System.nanoTime() - lastFrameDoneNanos > BURST_GAP_NANOS)
        && !Thread.currentThread().isInterrupted()) {
      writeFrames(INLINE_FRAME_BUDGET);
    } else {
      dispatchWriter();
    }
  }

  /**
   * The end of an inbound frame whose dispatch queued single requests or responses (non-blocking
   * handlers' responses, direct completions' next requests): this I/O thread writes them now, in as
   * few frames as they fit, like a flush after a read. Per message, a merged frame of 8 requests
   * would have cost 8 sends and 8 frames back. The send is asynchronous and the budget bounds the
   * work; past it, or when the role is taken, the executor or the holder goes on.
   */
  private void flushInbound() {
    if (transport == null || !queue.claimWriter()) {
      return;
    }
    if (Thread.currentThread().isInterrupted()) {
      dispatchWriter();
    } else {
      writeFrames(INLINE_FRAME_BUDGET);
    }
  }

  private void dispatchWriter() {
    try {
      grid.executor.execute(writerTask);
    } catch (RejectedExecutionException e) {
      close("executor refused the writer task: grid is shutting down");
    }
  }

  /**
   * Writer role only: writes frames while messages are queued and each send completes before {@code
   * send} returns. Returns when the queue is empty (role given back), when a send is still
   * outstanding (its completion goes on), or after {@code budget} frames (the executor goes on, so
   * a caller's thread is never kept writing other calls' messages for long).
   */
  private void writeFrames(int budget) {
    try {
      for (int n = 0; ; n++) {
        if (n == budget) {
          dispatchWriter();
          return;
        }
        batch.clear();
        if (!queue.takeOwned(batch, grid.config.maxMergeMessages(), grid.config.maxMergeBytes())) {
          closeIfFlushed();
          return;
        }
        encodeBatch();
        sendFailure = null;
        long now = grid.clock.nanoTime();
        sendStartedNanos = now == 0 ? 1 : now;
        sendState.set(SENDING);
        transport.send(frameWriter.frame(), frameSent);
        if (sendState.compareAndSet(SENDING, AWAITING_COMPLETION)) {
          return; // the completion takes over (onFrameSent)
        }
        sendState.set(NO_SEND); // completed inside send(): go on here
        if (!frameDone()) {
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "grid: writer to " + remoteHost() + " failed", e);
      close("writer failed: " + e);
    }
  }

  private void encodeBatch() {
    FrameWriter writer = frameWriter;
    writer.reset();
    boolean withCrc = crc;
    if (batch.size() == 1) {
      writer.writeMessage(batch.get(0), withCrc);
    } else {
      writer.writeMergedHeader(batch.size());
      for (Message m : batch) {
        writer.writeMessage(m, withCrc);
      }
    }
    frameBytes = writer.size();
    frameMessages = batch.size();
    if (LOG.isLoggable(Level.FINEST)) {
      for (Message m : batch) {
        LOG.finest("grid: " + grid.localHost() + " -> " + remoteHost() + " " + m);
      }
    }
    batch.clear(); // the messages are encoded: let their payloads go
  }

  /** The transport's completion of the outstanding frame; may run on any thread, or in send(). */
  private void onFrameSent(Throwable failure) {
    sendFailure = failure; // published by the state change below
    if (sendState.compareAndSet(SENDING, SENT_INSIDE_SEND)) {
      return; // the sending thread has not left send() yet and goes on itself
    }
    sendState.set(NO_SEND);
    if (frameDone() && !queue.releaseWriterIfIdle()) {
      dispatchWriter(); // more is queued; never write on this thread (it may be an I/O thread)
    } else {
      closeIfFlushed();
    }
  }

  /** Writer role: bookkeeping after a frame's send completed; false if it failed (link closed). */
  private boolean frameDone() {
    sendStartedNanos = 0;
    lastFrameDoneNanos = System.nanoTime();
    Throwable f = sendFailure;
    if (f != null) {
      close("write failed: " + f);
      return false;
    }
    GridConnection c = connection;
    if (c != null) {
      c.stats.bytesOut.add(frameBytes);
      c.stats.messagesOut.add(frameMessages);
      c.stats.framesOut.increment();
    }
    return true;
  }

  /** After a graceful {@link #closeAfterFlush}: closes once the last queued frame is written. */
  private void closeIfFlushed() {
    String reason = finishReason;
    if (reason != null && queue.isDrainedAfterFinish() && sendStartedNanos == 0) {
      close(reason);
    }
  }

  /** Timer: a frame outstanding for longer than the write timeout means a stuck link. */
  private void writeWatch() {
    long started = sendStartedNanos;
    long limit = grid.config.writeTimeout().toNanos();
    if (started != 0 && grid.clock.nanoTime() - started > limit) {
      close(
          "write of "
              + frameBytes
              + " bytes not done within "
              + TimeUnit.NANOSECONDS.toMillis(limit)
              + " ms");
    }
  }

  // ---- closing ------------------------------------------------------------------------------

  /** Sends what is queued (at most the write timeout), then closes with {@code reason}. */
  void closeAfterFlush(String reason) {
    finishReason = reason;
    queue.finish();
    schedule(() -> close(reason), grid.config.writeTimeout().toNanos());
    kickWriter(false);
    closeIfFlushed();
  }

  /** Ends the link and everything bound to it. Idempotent; never blocks. */
  void close(String reason) {
    if (!closeReason.compareAndSet(null, reason)) {
      return;
    }
    Phase was = phase;
    phase = Phase.CLOSED;
    cancelTimers();
    deadlines.close();
    queue.close(reason);
    Transport t = transport;
    if (t != null) {
      try {
        t.close(reason);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "grid: closing the link to " + remoteHost() + " failed", e);
      }
    }
    // Detach first: a caller woken by the failures below must already see the connection down.
    GridConnection c = connection;
    if (c != null) {
      c.sessionEnded(this, reason, was == Phase.OPEN);
    } else {
      grid.sessionEnded(this, reason);
    }
    String remote = remoteHost();
    for (ClientCall call : clients.values()) {
      call.receiveDisconnect(
          new DisconnectedException("connection to " + remote + " lost: " + reason));
    }
    clients.clear();
    for (ServerCall s : servers.values()) {
      s.cancel(new CancelledException("connection to " + remote + " lost: " + reason));
    }
    ended.countDown();
  }

  /** Waits until {@link #close} has run, at most until {@code deadlineNanos} (System.nanoTime). */
  boolean awaitEnded(long deadlineNanos) throws InterruptedException {
    return ended.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  String closeReason() {
    return closeReason.get();
  }

  /**
   * Schedules one of this link's timers (both kinds end the link when they fire). A scheduler that
   * refuses it has been shut down: the grid is closing, so the link ends now, outside this lock.
   */
  private void schedule(Runnable r, long delayNanos) {
    if (!addTimer(() -> grid.scheduler.schedule(r, delayNanos, TimeUnit.NANOSECONDS))) {
      close("the grid's scheduler is shut down: the grid is closing");
    }
  }

  private void scheduleAtFixedRate(Runnable r, long periodNanos) {
    Runnable guarded =
        () -> {
          try {
            r.run();
          } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "grid: timer task for " + remoteHost() + " failed", e);
          }
        };
    if (!addTimer(
        () ->
            grid.scheduler.scheduleAtFixedRate(
                guarded, periodNanos, periodNanos, TimeUnit.NANOSECONDS))) {
      close("the grid's scheduler is shut down: the grid is closing");
    }
  }

  /** False if the scheduler refused the timer. */
  private synchronized boolean addTimer(java.util.function.Supplier<ScheduledFuture<?>> start) {
    if (phase == Phase.CLOSED) {
      return true; // nothing to time any more
    }
    try {
      timers.add(start.get());
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private synchronized void cancelTimers() {
    for (ScheduledFuture<?> f : timers) {
      f.cancel(false);
    }
    timers.clear();
  }

  @Override
  public String toString() {
    return "Session{" + grid.localHost() + " <-> " + remoteHost() + ", " + phase + "}";
  }

  static GridException disconnected(String remote, String reason) {
    return new DisconnectedException("connection to " + remote + " lost: " + reason);
  }
}
