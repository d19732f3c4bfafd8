package io.eegrid.example;

/** The node that owns a key (or part of a scan) could not be reached; HTTP 503 names it. */
public class NodeUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String node;

  public NodeUnavailableException(String node, Throwable cause) {
    super("node " + node + " is unavailable: " + cause.getMessage(), cause);
    this.node = node;
  }

  public String node() {
    return node;
  }
}
