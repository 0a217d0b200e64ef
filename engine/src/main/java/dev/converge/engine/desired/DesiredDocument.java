package dev.converge.engine.desired;

import dev.converge.engine.model.MergePatch;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.TwinChannel.DesiredUpdate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The engine's copy of the full desired document, kept current by merging IoT Hub's patches.
 *
 * <p>IoT Hub does not queue desired notifications for disconnected devices and guarantees only that
 * {@code $version} increases (iot-hub-rules.md). So every patch is checked: one at or below the known version is
 * stale and ignored; one that is not exactly the next version reveals a gap, is not applied, and the caller must
 * GET the full document. A full document is authoritative unless it is older than what is known.
 *
 * <p>Each group carries a revision that changes only when the group's own content changes, so validation results
 * can be reused and a difference found on an unchanged revision is recognisable as drift. Thread-safe.
 */
public final class DesiredDocument {

  /** What an update did. */
  public record Change(Set<String> changedGroups, boolean isStale, boolean hasGap, long version, boolean isRewound) {

    Change(Set<String> changedGroups, boolean isStale, boolean hasGap, long version) {
      this(changedGroups, isStale, hasGap, version, false);
    }
    public Change {
      changedGroups = Set.copyOf(changedGroups);
    }

  }

  /** A consistent view: the document, its version, and each group's revision. */
  public record Snapshot(NodeValue.Obj document, long version, Map<String, Long> revisions) {
    public Snapshot {
      Objects.requireNonNull(document, "document");
      revisions = Map.copyOf(revisions);
    }

    public long revision(String group) {
      return revisions.getOrDefault(group, 0L);
    }
  }

  /** Version before the first full document: every patch is a gap until one arrives. */
  public static final long UNKNOWN_VERSION = -1;

  private NodeValue.Obj document = NodeValue.Obj.empty();
  private long version = UNKNOWN_VERSION;
  private final Map<String, Long> revisions = new HashMap<>();
  private long nextRevision = 1;
  private Snapshot snapshot = new Snapshot(document, version, Map.of());

  public synchronized Change apply(DesiredUpdate update) {
    boolean known = version != UNKNOWN_VERSION;
    if (known && !update.isFullDocument() && update.version() <= version) {
      return new Change(Set.of(), true, false, version);
    }
    // A full document is the hub's word, even when older than what is known: the twin was recreated, or the agent now
    // speaks for another one (re-provisioned). It may also be a GET that a newer patch overtook, so the caller should
    // fetch once more (isRewound).
    boolean rewound = known && update.isFullDocument() && update.version() < version;
    if (!update.isFullDocument() && (version == UNKNOWN_VERSION || update.version() != version + 1)) {
      return new Change(Set.of(), false, true, version);
    }
    NodeValue.Obj next = update.isFullDocument()
        ? update.properties()
        : MergePatch.apply(document, update.properties());
    Set<String> changed = new LinkedHashSet<>();
    for (String key : next.fields().keySet()) {
      if (!next.get(key).equals(document.get(key))) {
        changed.add(key);
      }
    }
    for (String key : document.fields().keySet()) {
      if (!next.has(key)) {
        changed.add(key);
      }
    }
    for (String key : changed) {
      revisions.put(key, nextRevision++);
    }
    document = next;
    version = update.version();
    snapshot = new Snapshot(document, version, revisions); // built once per update: readers share it
    return new Change(changed, false, false, version, rewound);
  }

  public synchronized Snapshot snapshot() {
    return snapshot;
  }

  public synchronized long version() {
    return version;
  }
}
