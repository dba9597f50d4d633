package io.partnerhub.http;

import io.partnerhub.kernel.Jsons;
import io.vertx.core.buffer.Buffer;

/**
 * The JSON of recently sent response records, by identity. Cached reads hand the very same
 * immutable record to every reader (see ReadCache), so a hot read is encoded once per HTTP verticle
 * instance instead of once per request. Direct-mapped: a slot holds the last record whose identity
 * hash maps to it. Only records are remembered (they are immutable by contract); anything else is
 * encoded every time. One instance belongs to one HTTP verticle instance (its event loop).
 */
final class RecentBodies {
  private static final int SLOTS = 256;
  private final Object[] records = new Object[SLOTS];
  private final Buffer[] encoded = new Buffer[SLOTS];

  Buffer encode(Object body) {
    if (!(body instanceof Record)) {
      return Jsons.encodeToBuffer(body);
    }
    int slot = Math.floorMod(System.identityHashCode(body), SLOTS);
    if (records[slot] != body) {
      encoded[slot] = Jsons.encodeToBuffer(body);
      records[slot] = body;
    }
    return encoded[slot];
  }
}
