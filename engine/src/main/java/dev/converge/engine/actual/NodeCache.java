package dev.converge.engine.actual;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.port.Clock;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads nodes through their adapter, caching successful results per (adapter, node) for a per-capability time to
 * live. Thread-safe.
 *
 * <p>Each adapter has a generation that moves whenever a cached node of that adapter is dropped before its time
 * (a write, a drift scan, eviction for size). A reader that saw a generation and the expiry of its reads knows,
 * without reading anything, that until then the cache would give it the same values: that is how an unchanged
 * group is re-checked without touching a node.
 */
public final class NodeCache {

  private record Key(String adapter, NodePath path) {}

  private record Entry(NodeResult result, long expiresAtNanos) {}

  private final Clock clock;
  private final Cache<Key, Entry> cache;
  private final Map<String, NavigableSet<String>> index = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

  public NodeCache(Clock clock, long maximumNodes) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cache = Caffeine.newBuilder()
        .ticker(clock::nanos)
        .executor(Runnable::run) // maintenance on the caller: deterministic with a fake clock, no pool threads
        .maximumSize(maximumNodes)
        .expireAfter(new Expiry<Key, Entry>() {
          @Override
          public long expireAfterCreate(Key key, Entry value, long currentTime) {
            return Math.max(0, value.expiresAtNanos() - currentTime);
          }

          @Override
          public long expireAfterUpdate(Key key, Entry value, long currentTime, long currentDuration) {
            return Math.max(0, value.expiresAtNanos() - currentTime);
          }

          @Override
          public long expireAfterRead(Key key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .removalListener((Key key, Entry value, RemovalCause cause) -> {
          if (key != null) {
            paths(key.adapter()).remove(key.path().value());
            if (cause == RemovalCause.SIZE) {
              bump(key.adapter());
            }
          }
        })
        .build();
  }

  /**
   * Reads nodes, from the cache where possible.
   *
   * @param fresh bypass the cache (still refreshing it): used right before a write and by drift scans
   */
  public ActualState read(String adapterId, NodeAdapter adapter, Collection<NodePath> paths, Duration ttl,
      boolean fresh) {
    Map<NodePath, NodeResult> out = new LinkedHashMap<>();
    List<NodePath> missing = new ArrayList<>();
    long now = clock.nanos();
    long freshUntil = Long.MAX_VALUE;
    for (NodePath p : paths) {
      Entry e = fresh ? null : cache.getIfPresent(new Key(adapterId, p));
      if (e == null) {
        missing.add(p);
      } else {
        out.put(p, e.result());
        freshUntil = Math.min(freshUntil, e.expiresAtNanos());
      }
    }
    if (!missing.isEmpty()) {
      Map<NodePath, NodeResult> read = adapter.getAll(missing);
      long expires = now + ttl.toNanos();
      for (NodePath p : missing) {
        NodeResult r = read.get(p);
        if (r == null) {
          r = NodeResult.failed("adapter returned no result", Map.of("node", p.value()));
        }
        Key key = new Key(adapterId, p);
        if (r.isSuccess()) {
          cache.put(key, new Entry(r, expires));
          paths(adapterId).add(p.value());
          freshUntil = Math.min(freshUntil, expires);
        } else {
          cache.invalidate(key);
          freshUntil = now; // an unreadable node must be looked at again next time
        }
        out.put(p, r);
      }
    }
    Map<NodePath, NodeResult> ordered = out;
    if (!missing.isEmpty() && missing.size() != paths.size()) {
      ordered = new LinkedHashMap<>();
      for (NodePath p : paths) {
        ordered.put(p, out.get(p));
      }
    }
    return new ActualState(ordered, freshUntil == Long.MAX_VALUE ? now : freshUntil);
  }

  /** Forgets a node after a write, with its ancestors and descendants (an item node's value holds its children). */
  public void invalidate(String adapterId, NodePath written) {
    NavigableSet<String> known = paths(adapterId);
    List<String> drop = new ArrayList<>(known.subSet(written.value() + "/", true, written.value() + "/\uffff", true));
    String p = written.value();
    while (true) {
      drop.add(p);
      int cut = p.lastIndexOf('/');
      if (cut <= 1) {
        break;
      }
      p = p.substring(0, cut);
    }
    for (String d : drop) {
      cache.invalidate(new Key(adapterId, NodePath.of(d)));
      known.remove(d);
    }
    bump(adapterId);
  }

  /** Forgets every node of one adapter: a drift scan must see the device, not the cache. */
  public void invalidateAdapter(String adapterId) {
    cache.asMap().keySet().removeIf(k -> k.adapter().equals(adapterId));
    paths(adapterId).clear();
    bump(adapterId);
  }

  /** The adapter's generation: it moves whenever one of its cached nodes is dropped before its expiry. */
  public long generation(String adapterId) {
    return generations.computeIfAbsent(adapterId, k -> new AtomicLong()).get();
  }

  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private void bump(String adapterId) {
    generations.computeIfAbsent(adapterId, k -> new AtomicLong()).incrementAndGet();
  }

  private NavigableSet<String> paths(String adapterId) {
    return index.computeIfAbsent(adapterId, k -> new ConcurrentSkipListSet<>());
  }
}
