package io.partnerhub.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry beyond {@code capacity}: the in-process memories
 * of one event loop (decoded cache values, verified tokens). Not thread-safe, by design.
 */
public final class LruMap<K, V> extends LinkedHashMap<K, V> {
  private final int capacity;

  public LruMap(int capacity) {
    super(256, 0.75f, true);
    this.capacity = capacity;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > capacity;
  }
}
