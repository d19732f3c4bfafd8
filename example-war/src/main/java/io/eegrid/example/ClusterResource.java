package io.eegrid.example;

import io.eegrid.GridManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/cluster}: every node's own account of itself (asked of all peers at once); {@code
 * GET /api/status}: this node's view of each peer (JSON); {@code GET /api/status/page}: the same as
 * an HTML page that refreshes itself.
 */
@ApplicationScoped
@Path("")
public class ClusterResource {
  private final KvService kv;
  private final GridManager grid;

  @Inject
  public ClusterResource(KvService kv, GridManager grid) {
    this.kv = kv;
    this.grid = grid;
  }

  /** For CDI's proxy (and RESTEasy, which insists on a public constructor it can call). */
  public ClusterResource() {
    this(null, null);
  }

  @GET
  @Path("cluster")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> cluster() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("self", grid.localHost());
    body.put("nodes", kv.cluster());
    return body;
  }

  @GET
  @Path("status")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> status() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("self", grid.localHost());
    body.put("peers", kv.status());
    body.put("rejected", kv.rejections());
    return body;
  }

  @GET
  @Path("status/page")
  @Produces(MediaType.TEXT_HTML)
  public Response page() throws IOException {
    try (InputStream in = ClusterResource.class.getResourceAsStream("status.html")) {
      if (in == null) {
        return Response.serverError().entity("status.html is missing").build();
      }
      return Response.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8)).build();
    }
  }
}
