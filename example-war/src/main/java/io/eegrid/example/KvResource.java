package io.eegrid.example;

import io.eegrid.RemoteException;
import io.eegrid.example.Messages.Deleted;
import io.eegrid.example.Messages.Entry;
import io.eegrid.example.Messages.Found;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT/GET/DELETE /api/kv/{key}} on any node, forwarded to the key's owner; {@code GET
 * /api/kv?prefix=} merges a scan of every node. Values are UTF-8 text.
 *
 * <p>Errors: 400 for a bad key, value or parameter; 404 for a missing key; 503 naming the node when
 * the owner cannot be reached; 502 when the owner answered with an error.
 */
@ApplicationScoped
@Path("kv")
public class KvResource {
  static final int MAX_KEY_CHARS = 200;
  static final int MAX_VALUE_BYTES = 256 * 1024;
  static final int MAX_SCAN = 10_000;

  private final KvService kv;

  @Inject
  public KvResource(KvService kv) {
    this.kv = kv;
  }

  /** For CDI's proxy (and RESTEasy, which insists on a public constructor it can call). */
  public KvResource() {
    this(null);
  }

  @PUT
  @Path("{key}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response put(@PathParam("key") String key, String value) {
    String bad = badKey(key);
    if (bad == null && value == null) {
      bad = "the body (the value) is missing";
    }
    if (bad == null && value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      bad = "the value is larger than " + MAX_VALUE_BYTES + " bytes";
    }
    if (bad != null) {
      return error(Response.Status.BAD_REQUEST, bad);
    }
    return call(() -> ok(kv.put(key, value)));
  }

  @GET
  @Path("{key}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response get(@PathParam("key") String key) {
    String bad = badKey(key);
    if (bad != null) {
      return error(Response.Status.BAD_REQUEST, bad);
    }
    return call(
        () -> {
          Found f = kv.get(key);
          return f.found()
              ? ok(f)
              : error(Response.Status.NOT_FOUND, "no key \"" + key + "\" (owner " + f.node() + ")");
        });
  }

  @DELETE
  @Path("{key}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response delete(@PathParam("key") String key) {
    String bad = badKey(key);
    if (bad != null) {
      return error(Response.Status.BAD_REQUEST, bad);
    }
    return call(
        () -> {
          Deleted d = kv.delete(key);
          return d.removed()
              ? Response.noContent().build()
              : error(Response.Status.NOT_FOUND, "no key \"" + key + "\" (owner " + d.node() + ")");
        });
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response scan(
      @QueryParam("prefix") @DefaultValue("") String prefix,
      @QueryParam("limit") @DefaultValue("1000") String limit) {
    int n;
    try {
      n = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      return error(Response.Status.BAD_REQUEST, "limit \"" + limit + "\" is not a number");
    }
    if (n < 1 || n > MAX_SCAN) {
      return error(Response.Status.BAD_REQUEST, "limit must be between 1 and " + MAX_SCAN);
    }
    return call(
        () -> {
          List<Entry> entries = kv.scan(prefix, n);
          return ok(entries);
        });
  }

  static String badKey(String key) {
    if (key == null || key.isEmpty()) {
      return "the key is empty";
    }
    if (key.length() > MAX_KEY_CHARS) {
      return "the key is longer than " + MAX_KEY_CHARS + " characters";
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        return "the key contains a control character at position " + i;
      }
    }
    return null;
  }

  /** Runs a store operation and turns grid failures into HTTP errors. */
  static Response call(java.util.function.Supplier<Response> op) {
    try {
      return op.get();
    } catch (NodeUnavailableException e) {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .type(MediaType.APPLICATION_JSON)
          .entity(Map.of("error", e.getMessage(), "node", e.node()))
          .build();
    } catch (RemoteException e) {
      return error(Response.Status.BAD_GATEWAY, "the owner failed: " + e.getMessage());
    }
  }

  static Response ok(Object entity) {
    return Response.ok(entity, MediaType.APPLICATION_JSON).build();
  }

  static Response error(Response.Status status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", message))
        .build();
  }
}
