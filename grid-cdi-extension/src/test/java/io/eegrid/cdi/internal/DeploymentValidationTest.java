package io.eegrid.cdi.internal;

import static io.eegrid.cdi.internal.Deployments.VALID;
import static io.eegrid.cdi.internal.Deployments.config;
import static io.eegrid.cdi.internal.Deployments.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.eegrid.CallContext;
import io.eegrid.Connection;
import io.eegrid.GridManager;
import io.eegrid.SingleHandler;
import io.eegrid.StreamHandler;
import io.eegrid.StreamRequests;
import io.eegrid.StreamResponses;
import io.eegrid.TypedSingle;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridCall;
import io.eegrid.cdi.GridHandler;
import io.eegrid.cdi.GridPeer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One failing deployment per validation rule of the extension, each asserting the message that
 * names the bean, key or injection point and the rule; and that problems are reported one by one.
 */
@Timeout(30)
class DeploymentValidationTest {
  public record Ask(String q) {}

  public record Answer(String a) {}

  @ApplicationScoped
  @GridHandler("echo")
  public static class Echo implements SingleHandler {
    @Override
    public byte[] handle(CallContext context, byte[] payload) {
      return payload;
    }
  }

  @ApplicationScoped
  @GridHandler("echo")
  public static class OtherEcho implements SingleHandler {
    @Override
    public byte[] handle(CallContext context, byte[] payload) {
      return payload;
    }
  }

  @ApplicationScoped
  @GridHandler(value = "echo", subroute = "eu")
  public static class EchoEu implements SingleHandler {
    @Override
    public byte[] handle(CallContext context, byte[] payload) {
      return payload;
    }
  }

  @ApplicationScoped
  @GridHandler("nothing")
  public static class NotAHandler {}

  @ApplicationScoped
  @GridHandler("both")
  public static class Both implements SingleHandler, StreamHandler {
    @Override
    public byte[] handle(CallContext context, byte[] payload) {
      return payload;
    }

    @Override
    public void handle(
        CallContext context, byte[] payload, StreamRequests requests, StreamResponses responses) {}
  }

  @Dependent
  @GridHandler("generic")
  public static class Generic<T> implements TypedSingle.Handler<T, String> {
    @Override
    public String handle(CallContext context, T request) {
      return "";
    }
  }

  @ApplicationScoped
  @GridHandler("nocodec")
  public static class NoCodec implements TypedSingle.Handler<Runnable, String> {
    @Override
    public String handle(CallContext context, Runnable request) {
      return "";
    }
  }

  @ApplicationScoped
  @GridHandler("raw")
  @SuppressWarnings("rawtypes")
  public static class Raw implements TypedSingle.Handler {
    @Override
    public Object handle(CallContext context, Object request) {
      return request;
    }
  }

  @RequestScoped
  @GridHandler("perrequest")
  public static class PerRequest implements SingleHandler {
    @Override
    public byte[] handle(CallContext context, byte[] payload) {
      return payload;
    }
  }

  @ApplicationScoped
  @GridHandler(value = "windowed", requestWindow = 4)
  public static class WindowOnSingle implements SingleHandler {
    @Override
    public byte[] handle(CallContext context, byte[] payload) {
      return payload;
    }
  }

  @ApplicationScoped
  @GridHandler(value = "wide", responseWindow = 5000)
  public static class WideStream implements StreamHandler {
    @Override
    public void handle(
        CallContext context, byte[] payload, StreamRequests requests, StreamResponses responses) {}
  }

  @ApplicationScoped
  @GridHandler(value = "negative", requestWindow = -1)
  public static class NegativeWindow implements StreamHandler {
    @Override
    public void handle(
        CallContext context, byte[] payload, StreamRequests requests, StreamResponses responses) {}
  }

  @ApplicationScoped
  @GridHandler(value = "stream.nonblocking", nonBlocking = true)
  public static class NonBlockingStream implements StreamHandler {
    @Override
    public void handle(
        CallContext context, byte[] payload, StreamRequests requests, StreamResponses responses) {}
  }

  @ApplicationScoped
  @GridHandler("")
  public static class Unnamed implements SingleHandler {
    @Override
    public byte[] handle(CallContext context, byte[] payload) {
      return payload;
    }
  }

  @ApplicationScoped
  @GridHandler("ask")
  public static class AskHandler implements TypedSingle.Handler<Ask, Answer> {
    @Override
    public Answer handle(CallContext context, Ask request) {
      return new Answer(request.q());
    }
  }

  @ApplicationScoped
  public static class UnknownPeerClient {
    @Inject
    @GridPeer("127.0.0.1:7999")
    Connection nowhere;
  }

  @ApplicationScoped
  public static class SelfPeerClient {
    @Inject
    @GridPeer("127.0.0.1:7001")
    Connection self;
  }

  @ApplicationScoped
  public static class WrongTypePeerClient {
    @Inject
    @GridPeer("127.0.0.1:7002")
    GridManager notAConnection;
  }

  @ApplicationScoped
  public static class MismatchedCallClient {
    @Inject
    @GridCall("ask")
    TypedSingle<Ask, String> ask;
  }

  @ApplicationScoped
  public static class StreamForSingleClient {
    @Inject
    @GridCall("ask")
    TypedStream<Ask, Void, Answer> ask;
  }

  @ApplicationScoped
  public static class WildcardCallClient {
    @Inject
    @GridCall("list")
    TypedSingle<List<?>, String> list;
  }

  @Test
  void duplicateHandlerNamesNameBothBeans() {
    assertThat(problems(VALID, Echo.class, OtherEcho.class, EchoEu.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("duplicate handler name: \"echo\"")
        .contains(Echo.class.getName())
        .contains(OtherEcho.class.getName())
        .contains("each name and subroute may have one @GridHandler");
  }

  @Test
  void beanWithoutHandlerInterface() {
    assertThat(problems(VALID, NotAHandler.class))
        .containsExactly(
            "EE Grid: @GridHandler bean "
                + NotAHandler.class.getName()
                + " implements no handler interface; it must implement one of SingleHandler,"
                + " StreamHandler, TypedSingle.Handler or TypedStream.Handler");
  }

  @Test
  void beanWithTwoHandlerInterfaces() {
    assertThat(problems(VALID, Both.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(Both.class.getName())
        .contains("SingleHandler and StreamHandler")
        .contains("exactly one handler interface");
  }

  @Test
  void unresolvedTypeVariableIsAnUnsupportedGenericType() {
    assertThat(problems(VALID, Generic.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(Generic.class.getName())
        .contains("the request type T is not supported: the type variable T is not resolved");
  }

  @Test
  void typeWithoutCodec() {
    assertThat(problems(VALID, NoCodec.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(NoCodec.class.getName())
        .contains("the request type java.lang.Runnable has no msgpack codec");
  }

  @Test
  void rawTypedHandler() {
    assertThat(problems(VALID, Raw.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(Raw.class.getName())
        .contains("implements the raw type io.eegrid.TypedSingle$Handler");
  }

  @Test
  void requestScopedHandler() {
    assertThat(problems(VALID, PerRequest.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(PerRequest.class.getName() + " is @RequestScoped")
        .contains("must be @ApplicationScoped, @Singleton or @Dependent");
  }

  @Test
  void windowsOnASingleHandler() {
    assertThat(problems(VALID, WindowOnSingle.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(WindowOnSingle.class.getName())
        .contains("apply to stream handlers only");
  }

  @Test
  void windowOverTheConfiguredMaximum() {
    assertThat(problems(config("grid.max-stream-window", "1024"), WideStream.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("handler \"wide\" (" + WideStream.class.getName() + ")")
        .contains(
            "windows "
                + io.eegrid.HandlerOptions.DEFAULT_WINDOW
                + "/5000 are larger than grid.max-stream-window 1024");
  }

  @Test
  void negativeWindow() {
    assertThat(problems(VALID, NegativeWindow.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(NegativeWindow.class.getName())
        .contains("requestWindow -1 must be 0 or more");
  }

  @Test
  void nonBlockingStreamHandler() {
    assertThat(problems(VALID, NonBlockingStream.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(NonBlockingStream.class.getName())
        .contains("nonBlocking applies to single handlers only");
  }

  @Test
  void emptyHandlerName() {
    assertThat(problems(VALID, Unnamed.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(Unnamed.class.getName())
        .contains("the handler name is empty");
  }

  @Test
  void missingLocal() {
    assertThat(problems(config("grid.local", null), Echo.class))
        .containsExactly(
            "EE Grid: grid.local is not set: it names this node, as it appears in grid.peers");
  }

  @Test
  void missingPeers() {
    assertThat(problems(config("grid.peers", null), Echo.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("EE Grid: grid.peers is not set");
  }

  @Test
  void localMissingFromPeers() {
    assertThat(problems(config("grid.local", "127.0.0.1:7005"), Echo.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(
            "grid.local: \"127.0.0.1:7005\" is not in grid.peers [127.0.0.1:7001, 127.0.0.1:7002]");
  }

  @Test
  void badPeerEntriesAreEachNamed() {
    assertThat(
            problems(
                config("grid.peers", "127.0.0.1:7001,node2,127.0.0.1:7001,127.0.0.1:99999"),
                Echo.class))
        .containsExactly(
            "EE Grid: grid.peers: \"node2\" is not a host:port",
            "EE Grid: grid.peers: \"127.0.0.1:7001\" is listed twice",
            "EE Grid: grid.peers: \"127.0.0.1:99999\" is not a host:port");
  }

  @Test
  void secretMissingOrTooShortAndNeverShown() {
    assertThat(problems(config("grid.auth.secret", null), Echo.class))
        .containsExactly(
            "EE Grid: grid.auth.secret is not set: every node needs the same shared secret");
    List<String> shortSecret = problems(config("grid.auth.secret", "hunter2"), Echo.class);
    assertThat(shortSecret)
        .containsExactly(
            "EE Grid: grid.auth.secret is too short (7 bytes; at least 16 are required). The value"
                + " is not shown.");
    assertThat(String.join("\n", shortSecret)).doesNotContain("hunter2");
  }

  @Test
  void previousSecretTooShortAndNeverShown() {
    List<String> tooShort =
        problems(config("grid.auth.previous-secret", "old-hunter2"), Echo.class);
    assertThat(tooShort)
        .containsExactly(
            "EE Grid: grid.auth.previous-secret is too short (11 bytes; at least 16 are required)."
                + " The value is not shown.");
    assertThat(String.join("\n", tooShort)).doesNotContain("old-hunter2");
  }

  @Test
  void maxInboundCallsBelowOneIsReportedWithItsKey() {
    assertThat(problems(config("grid.max-inbound-calls", "0"), Echo.class))
        .containsExactly(
            "EE Grid: grid.max-inbound-calls: \"0\": maxInboundCalls must be at least 1, was 0");
  }

  @Test
  void invalidValuesAreEachReportedWithTheirKey() {
    List<String> found =
        problems(
            config(
                "grid.ping-interval", "fast",
                "grid.write-timeout", "-5s",
                "grid.max-queued-messages", "many",
                "grid.max-merge-messages", "0",
                "grid.tls", "maybe",
                "grid.path", "grid"),
            Echo.class);
    assertThat(found)
        .hasSize(6)
        .anySatisfy(
            p ->
                assertThat(p).startsWith("EE Grid: grid.ping-interval: \"fast\" is not a duration"))
        .anySatisfy(p -> assertThat(p).startsWith("EE Grid: grid.write-timeout: \"-5s\""))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo("EE Grid: grid.max-queued-messages: \"many\" is not a whole number"))
        .anySatisfy(p -> assertThat(p).startsWith("EE Grid: grid.max-merge-messages: \"0\": "))
        .anySatisfy(
            p -> assertThat(p).isEqualTo("EE Grid: grid.tls: \"maybe\" is not true or false"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo("EE Grid: grid.path: \"grid\" must be a path starting with /"));
  }

  @Test
  void injectionPointNamingAnUnknownPeer() {
    assertThat(problems(VALID, UnknownPeerClient.class))
        .containsExactly(
            "EE Grid: injection point "
                + UnknownPeerClient.class.getName()
                + ".nowhere: @GridPeer(\"127.0.0.1:7999\") is not a peer; grid.peers lists"
                + " [127.0.0.1:7001, 127.0.0.1:7002]");
  }

  @Test
  void injectionPointNamingThisNode() {
    assertThat(problems(VALID, SelfPeerClient.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(SelfPeerClient.class.getName() + ".self")
        .contains("names this node (grid.local)");
  }

  @Test
  void gridPeerOnAnotherType() {
    assertThat(problems(VALID, WrongTypePeerClient.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(WrongTypePeerClient.class.getName() + ".notAConnection")
        .contains("@GridPeer qualifies io.eegrid.Connection only, not io.eegrid.GridManager");
  }

  @Test
  void typedCallWhoseTypesDifferFromTheHandler() {
    assertThat(problems(VALID, AskHandler.class, MismatchedCallClient.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(MismatchedCallClient.class.getName() + ".ask")
        .contains("but the handler " + AskHandler.class.getName() + " implements")
        .contains("the caller's and the handler's types must be the same");
    assertThat(problems(VALID, AskHandler.class, StreamForSingleClient.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(StreamForSingleClient.class.getName() + ".ask");
  }

  @Test
  void typedCallWithAWildcard() {
    assertThat(problems(VALID, WildcardCallClient.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(WildcardCallClient.class.getName() + ".list")
        .contains("a wildcard has no single type");
  }

  @Test
  void everyProblemIsReportedSeparately() {
    List<String> found =
        problems(
            config("grid.auth.secret", null, "grid.dial-timeout", "soon"),
            Echo.class,
            OtherEcho.class,
            NotAHandler.class,
            UnknownPeerClient.class);
    assertThat(found)
        .hasSize(5)
        .anySatisfy(p -> assertThat(p).contains("grid.auth.secret is not set"))
        .anySatisfy(p -> assertThat(p).contains("grid.dial-timeout: \"soon\""))
        .anySatisfy(p -> assertThat(p).contains("duplicate handler name"))
        .anySatisfy(p -> assertThat(p).contains("implements no handler interface"))
        .anySatisfy(p -> assertThat(p).contains("is not a peer"));
  }
}
