package dev.converge.engine.report;

import dev.converge.engine.model.MergePatch;
import dev.converge.engine.model.NodeValue;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the reported document and works out the patch to send: only keys that changed since the last
 * acknowledged report, stale keys removed with {@code null} in the same patch (never the original agent's
 * {@code "Refreshing"} string), always within the twin limits. Thread-safe.
 */
public final class Reporter {

  /** A patch to send, and the full document the twin will hold once it is acknowledged. */
  public record Outgoing(NodeValue.Obj patch, NodeValue.Obj document, List<String> trimmed) {}

  private static final String SUMMARY = "__summary";
  private static final String DEVICE_SCHEMAS = "__deviceSchemas";

  private record Rendered(GroupReport report, NodeValue.Obj value) {}

  private final TwinPacker packer = new TwinPacker();
  private final Map<String, Rendered> rendered = new java.util.HashMap<>();
  private NodeValue.Obj acknowledged = NodeValue.Obj.empty();
  /** Whether patches restate the whole document until one is acknowledged (after {@link #forget}). */
  private boolean rebuilding;
  private Summary lastSummary;
  private Instant summaryTime = Instant.EPOCH;

  /** Starts from what the twin already reports (from a full twin GET), so stale keys get removed. */
  public synchronized void restore(NodeValue.Obj twinReported) {
    acknowledged = twinReported;
  }

  /**
   * Forgets what was reported, for the original agent's {@code clearReportedCmd}: the next patch rebuilds the
   * reported document from scratch. It restates every current value, and removes with {@code null} every key of
   * {@code twinReported} (what the twin holds of Converge's keys) that is not current, at any depth: groups and
   * {@code __} sections no longer reported, and stale keys inside current ones. One patch does both, so a reader
   * never sees the document half cleared. Until such a patch is acknowledged, every patch is a rebuild.
   */
  public synchronized void forget(NodeValue.Obj twinReported) {
    acknowledged = twinReported;
    rebuilding = true;
  }

  /** The full reported document for the current state (before packing). */
  public synchronized NodeValue.Obj render(Collection<GroupReport> groups, long desiredVersion,
      NodeValue.Obj deviceSchemas, Instant now) {
    Map<String, NodeValue> doc = new LinkedHashMap<>();
    java.util.Set<String> present = new java.util.HashSet<>();
    groups.stream().sorted(java.util.Comparator.comparing(GroupReport::group)).forEach(g -> {
      // An unchanged report is the same instance (ReportedState keeps it), so its rendering is reused, and the
      // diff against the acknowledged document short-circuits on identity.
      Rendered r = rendered.get(g.group());
      if (r == null || r.report() != g) {
        r = new Rendered(g, g.toValue());
        rendered.put(g.group(), r);
      }
      doc.put(g.group(), r.value());
      present.add(g.group());
    });
    rendered.keySet().retainAll(present);
    Summary summary = Summary.of(groups, desiredVersion);
    if (!summary.equals(lastSummary)) {
      lastSummary = summary;
      summaryTime = now;
    }
    doc.put(SUMMARY, summary.toValue(summaryTime));
    doc.put(DEVICE_SCHEMAS, deviceSchemas);
    return NodeValue.object(doc);
  }

  /**
   * The patch that brings the twin from the last acknowledged report to {@code document}, or empty when nothing
   * changed. Groups new to the twin carry {@code "__errors": null} explicitly, so errors left by an earlier run
   * disappear.
   */
  public synchronized Optional<Outgoing> next(NodeValue.Obj document) {
    TwinPacker.Packed packed = packer.pack(document);
    NodeValue.Obj target = packed.document();
    NodeValue.Obj patch = rebuilding ? restate(acknowledged, target) : MergePatch.diff(acknowledged, target);
    if (patch.isEmpty()) {
      return Optional.empty();
    }
    Map<String, NodeValue> fields = new LinkedHashMap<>(patch.fields());
    for (Map.Entry<String, NodeValue> e : fields.entrySet()) {
      if (!acknowledged.has(e.getKey()) && e.getValue() instanceof NodeValue.Obj group && !e.getKey().startsWith("__")
          && !group.has("__errors")) {
        e.setValue(group.with("__errors", NodeValue.absent()));
      }
    }
    return Optional.of(new Outgoing(NodeValue.object(fields), target, packed.trimmed()));
  }

  /**
   * Records that a patch was sent but not acknowledged (the send failed or its answer never came): the hub may or
   * may not have applied it. Device SDK 2.5.0 loses answers now and then, for patches the hub did apply, so neither
   * the last acknowledged document nor {@code out}'s can be the base of a plain diff: a key the lost patch added and
   * the next document drops would never be deleted, and a value it changed and the next document changes back would
   * never be sent. Until a patch is acknowledged, patches restate every current value and delete every key either
   * outcome could have left, as after {@link #forget}.
   */
  public synchronized void unconfirmed(Outgoing out) {
    acknowledged = union(acknowledged, out.document());
    rebuilding = true;
  }

  /** Records that the hub accepted a patch: its document is now the base for the next one. */
  public synchronized void acknowledge(NodeValue.Obj document) {
    acknowledged = document;
    rebuilding = false;
  }

  /**
   * The patch that sets every value of {@code to} and deletes every key of {@code from} that {@code to} lacks, at
   * any depth: {@code apply(from, restate(from, to))} equals {@code to}, like {@link MergePatch#diff}, but nothing
   * is left out for being unchanged.
   */
  private static NodeValue.Obj restate(NodeValue.Obj from, NodeValue.Obj to) {
    Map<String, NodeValue> out = new LinkedHashMap<>();
    to.fields().forEach((k, v) -> out.put(k, v instanceof NodeValue.Obj now && from.get(k) instanceof NodeValue.Obj old
        ? restate(old, now) : v));
    for (String k : from.fields().keySet()) {
      if (!to.has(k)) {
        out.put(k, NodeValue.absent());
      }
    }
    return NodeValue.object(out);
  }

  /** Every key of {@code a} and of {@code b}, at any depth; where both hold a value, {@code b}'s. */
  private static NodeValue.Obj union(NodeValue.Obj a, NodeValue.Obj b) {
    Map<String, NodeValue> out = new LinkedHashMap<>(a.fields());
    b.fields().forEach((k, v) -> out.put(k, v instanceof NodeValue.Obj inB && a.get(k) instanceof NodeValue.Obj inA
        ? union(inA, inB) : v));
    return NodeValue.object(out);
  }

  /** What the twin holds as far as this reporter knows. */
  public synchronized NodeValue.Obj acknowledged() {
    return acknowledged;
  }
}
