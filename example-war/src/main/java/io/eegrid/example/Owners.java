package io.eegrid.example;

import io.eegrid.GridManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Which node owns a key: rendezvous hashing over the configured node list, so every node agrees
 * without talking, and adding a node moves only the keys it wins. Stateless.
 */
@ApplicationScoped
public class Owners {
  @Inject GridManager grid;

  /** Every node of the grid, this one included. */
  public List<String> nodes() {
    List<String> all = new ArrayList<>(grid.remoteHosts());
    all.add(grid.localHost());
    all.sort(null);
    return all;
  }

  public String owner(String key) {
    return owner(key, nodes());
  }

  static String owner(String key, List<String> nodes) {
    String best = null;
    long bestScore = -1;
    for (String node : nodes) {
      CRC32C crc = new CRC32C();
      crc.update(node.getBytes(StandardCharsets.UTF_8));
      crc.update(0);
      crc.update(key.getBytes(StandardCharsets.UTF_8));
      long score = mix(crc.getValue());
      if (score > bestScore || (score == bestScore && node.compareTo(best) < 0)) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  /** Spreads CRC values (a SplitMix64 finalizer) so that nearby keys land far apart. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }

  public boolean isLocal(String node) {
    return node.equals(grid.localHost());
  }
}
