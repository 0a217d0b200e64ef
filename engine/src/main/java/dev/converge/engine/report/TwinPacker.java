package dev.converge.engine.report;

import dev.converge.engine.model.NodeValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Fits a reported document into IoT Hub's twin limits ({@link TwinLimits}), trimming detail first and saying so
 * (DESIGN.md, "Twin conventions": reported state never exceeds the twin limits).
 *
 * <p>A document already within the limits is returned as it is, the same instance, after one pass over it. Any
 * other document goes through these steps, each only as far as needed:
 *
 * <ol>
 *   <li><b>Make it legal.</b> Every key is passed through {@link TwinLimits#encodeKey} (reversible; a key longer than
 *       1 KB is shortened); a number outside the twin integer range becomes its decimal string; a string over
 *       4 KB is truncated with a visible {@code "…[truncated N bytes]"}; an object or array that would nest deeper
 *       than {@value TwinLimits#MAX_DEPTH} levels becomes its JSON text (truncated likewise).
 *   <li><b>Trim detail</b> while the document is over 32 KB, in this order; each phase visits the largest candidates
 *       first and stops as soon as the document fits:
 *       <ol type="a">
 *         <li>{@code __drift}: an entry's {@code desired}/{@code actual} values larger than 64 bytes become short
 *             descriptions; then a group's whole {@code __drift} becomes {@code {"__count": n}};
 *         <li>{@code __errors}: {@code message} and other strings cut to 256 characters, {@code parameters} cut to
 *             the first 3, large parameter values described;
 *         <li>{@code __deviceSchemas}: each capability keeps only {@code type} and {@code interfaceVersion};
 *         <li>a group's property values (everything but {@code __meta}, {@code __errors} and {@code __drift}) become
 *             {@code "__trimmed": "N properties omitted: reported state exceeds 32 KB"}; a top-level value that is
 *             not an object is dropped; then {@code __deviceSchemas} becomes {@code {"__count": n}};
 *         <li>as a last resort: a group's {@code __errors} becomes {@code {"__count": n}}; {@code __summary} drops
 *             its fields that are not numbers or booleans; a group is cut to {@code {"__meta": {"deploymentStatus":
 *             …}}} (deployment status is what ADM metrics and operators query, so it goes last); and finally
 *             whole top-level entries are dropped, largest first.
 *       </ol>
 *   <li><b>Say so.</b> When step 2 changed anything, {@code __summary.trimmed} holds every note of steps 1 and 2,
 *       {@code "; "}-joined and capped at {@value #SUMMARY_TRIMMED_MAX_BYTES} bytes. Step 2 keeps room for it, so
 *       the result with it is still within the limits.
 * </ol>
 *
 * <p>The result always satisfies {@link TwinLimits#isWithinLimits}, whatever the input. Packing is deterministic
 * and idempotent (a packed document is within the limits, so packing it again returns it). A consequence of the
 * fast path: keys are only escaped when the document needed packing. A legal key that merely looks escaped (say
 * {@code "a%2Eb"}) is then passed through as it is, and {@link TwinLimits#decodeKey} would read it as {@code "a.b"}.
 *
 * <p>The input is expected in the reported layout (groups with {@code __meta}, {@code __errors}, {@code __drift};
 * {@code __summary}; {@code __deviceSchemas}), but any shape is packed; unknown shapes are trimmed generically.
 *
 * <p>Thread-safe: stateless.
 */
public final class TwinPacker {

  /** Most bytes of {@code __summary.trimmed}. */
  public static final int SUMMARY_TRIMMED_MAX_BYTES = 2048;

  static final String SUMMARY = "__summary";
  static final String TRIMMED = "trimmed";
  static final String DEVICE_SCHEMAS = "__deviceSchemas";
  static final String META = "__meta";
  static final String ERRORS = "__errors";
  static final String DRIFT = "__drift";
  static final String COUNT = "__count";
  static final String GROUP_TRIMMED = "__trimmed";
  static final String DEPLOYMENT_STATUS = "deploymentStatus";

  static final int ERROR_TEXT_MAX_CHARS = 256;
  static final int ERROR_PARAMETERS_KEPT = 3;

  /**
   * A packed document and what was dropped from it, in words: {@code "files.__drift: 12 entries dropped, only
   * their count kept"}. Empty {@code trimmed} means nothing was lost (keys may still have been escaped).
   */
  public record Packed(NodeValue.Obj document, List<String> trimmed) {
    public Packed {
      Objects.requireNonNull(document, "document");
      trimmed = List.copyOf(trimmed);
    }

    /** Whether any detail was dropped. */
    public boolean isTrimmed() {
      return !trimmed.isEmpty();
    }
  }

  /** The reported document within the twin limits; see the class comment. */
  public Packed pack(NodeValue.Obj reported) {
    if (TwinLimits.isWithinLimits(reported)) {
      return new Packed(reported, List.of());
    }
    Notes notes = new Notes();
    NodeValue.Obj legal = new Legaliser(notes).object(reported, TwinPath.DOCUMENT, 1);
    if (TwinLimits.size(legal) <= TwinLimits.MAX_DOCUMENT_BYTES) {
      return checked(new Packed(legal, notes.all()));
    }
    Trimmer trimmer = new Trimmer(legal, notes);
    trimmer.trim();
    return checked(new Packed(trimmer.document(), notes.all()));
  }

  private static Packed checked(Packed packed) {
    if (!TwinLimits.isWithinLimits(packed.document())) {
      throw new IllegalStateException("packer bug: result breaks the twin limits: "
          + TwinLimits.violations(packed.document()));
    }
    return packed;
  }

  /** Messages about dropped detail, with the cost of writing them into {@code __summary.trimmed}. */
  private static final class Notes {
    private static final String SEPARATOR = "; ";
    private final List<String> notes = new ArrayList<>();
    private long joinedBytes = -TwinText.utf8Length(SEPARATOR);

    void add(String note) {
      notes.add(note);
      joinedBytes += TwinText.utf8Length(SEPARATOR) + TwinText.utf8Length(note);
    }

    /** Rewords the last note, as a phase's count grows. */
    void replaceLast(String note) {
      String old = notes.set(notes.size() - 1, note);
      joinedBytes += TwinText.utf8Length(note) - TwinText.utf8Length(old);
    }

    List<String> all() {
      return List.copyOf(notes);
    }

    /** An upper bound of {@link #joined}'s size. */
    long joinedBytesBound() {
      return notes.isEmpty() ? 0 : Math.min(joinedBytes, SUMMARY_TRIMMED_MAX_BYTES);
    }

    /** The notes joined and capped at {@link #SUMMARY_TRIMMED_MAX_BYTES}: as many as fit, then "…and N more". */
    String joined() {
      if (joinedBytes <= SUMMARY_TRIMMED_MAX_BYTES) {
        return String.join(SEPARATOR, notes);
      }
      // Room for the tail, sized for the largest count it can show.
      int room = SUMMARY_TRIMMED_MAX_BYTES - TwinText.utf8Length(more(notes.size()));
      StringBuilder b = new StringBuilder();
      int bytes = 0;
      int taken = 0;
      for (String note : notes) {
        int cost = (taken == 0 ? 0 : SEPARATOR.length()) + TwinText.utf8Length(note);
        if (bytes + cost > room) {
          break;
        }
        b.append(taken == 0 ? "" : SEPARATOR).append(note);
        bytes += cost;
        taken++;
      }
      if (taken == 0) {
        b.append(TwinText.prefix(notes.get(0), room - TwinText.utf8Length("…"))).append('…');
        taken = 1;
      }
      return taken == notes.size() ? b.toString() : b + more(notes.size() - taken);
    }

    private static String more(int count) {
      return SEPARATOR + "…and " + count + " more";
    }
  }

  /** Step 1: legal keys, numbers, strings and depth. */
  private static final class Legaliser {
    private final Notes notes;

    Legaliser(Notes notes) {
      this.notes = notes;
    }

    /** {@code o} with legal members, which sit at {@code level}; the same instance when nothing changed. */
    NodeValue.Obj object(NodeValue.Obj o, TwinPath path, int level) {
      LinkedHashMap<String, NodeValue> out = new LinkedHashMap<>();
      boolean changed = false;
      for (Map.Entry<String, NodeValue> e : o.fields().entrySet()) {
        String key = e.getKey();
        String encoded = TwinLimits.encodeKey(key);
        TwinPath at = path.key(key);
        if (KeyEncoding.isShortened(encoded)) {
          notes.add(at + ": key of " + TwinText.utf8Length(key) + " bytes shortened to 1 KB");
        }
        NodeValue v = value(e.getValue(), at, level);
        changed |= !encoded.equals(key) || v != e.getValue();
        out.put(encoded, v);
      }
      return changed ? NodeValue.object(out) : o;
    }

    private NodeValue value(NodeValue v, TwinPath at, int level) {
      if (v instanceof NodeValue.Text t) {
        int bytes = TwinText.utf8Length(t.value());
        if (bytes <= TwinLimits.MAX_STRING_BYTES) {
          return v;
        }
        notes.add(at + ": string of " + bytes + " bytes truncated to 4 KB");
        return NodeValue.of(TwinText.truncate(t.value(), TwinLimits.MAX_STRING_BYTES));
      }
      if (v instanceof NodeValue.Num n) {
        if (TwinLimits.isInRange(n)) {
          return v;
        }
        String digits = n.value().scale() <= 0 && n.value().precision() - n.value().scale() <= 40
            ? n.value().toPlainString() : n.value().toString();
        notes.add(at + ": number outside the twin integer range reported as a string");
        return NodeValue.of(TwinText.truncate(digits, TwinLimits.MAX_STRING_BYTES));
      }
      boolean tooDeep = level >= TwinLimits.MAX_DEPTH
          && (v instanceof NodeValue.Obj o && !o.isEmpty() || v instanceof NodeValue.Seq s && !s.items().isEmpty());
      if (tooDeep) {
        notes.add(at + ": nested deeper than " + TwinLimits.MAX_DEPTH + " levels, reported as JSON text");
        return NodeValue.of(TwinText.json(v, TwinLimits.MAX_STRING_BYTES));
      }
      if (v instanceof NodeValue.Obj o) {
        return object(o, at, level + 1);
      }
      if (v instanceof NodeValue.Seq s) {
        List<NodeValue> items = new ArrayList<>(s.items().size());
        boolean changed = false;
        for (int i = 0; i < s.items().size(); i++) {
          NodeValue item = s.items().get(i);
          NodeValue legal = value(item, at.index(i), level + 1);
          changed |= legal != item;
          items.add(legal);
        }
        return changed ? NodeValue.list(items) : v;
      }
      return v;
    }
  }

  /** Step 2 and 3, over a legal document: trims detail until the document and its note of that fit. */
  private static final class Trimmer {
    private final LinkedHashMap<String, NodeValue> top;
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private final Notes notes;
    private long total;

    Trimmer(NodeValue.Obj legal, Notes notes) {
      this.top = new LinkedHashMap<>(legal.fields());
      this.notes = notes;
      top.forEach((k, v) -> {
        long s = entrySize(k, v);
        sizes.put(k, s);
        total += s;
      });
    }

    void trim() {
      summariseDriftValues();
      countDrift();
      shortenErrors();
      dropSchemaDetails();
      omitProperties();
      countSchemas();
      countErrors();
      dropSummaryDetails();
      keepDeploymentStatusOnly();
      dropEntries();
    }

    /** Whether the document, plus {@code __summary.trimmed} with every note so far, fits. */
    private boolean fits() {
      long trimmedCost = TwinText.utf8Length(TRIMMED) + notes.joinedBytesBound();
      NodeValue summary = top.get(SUMMARY);
      long cost;
      if (summary instanceof NodeValue.Obj s) {
        NodeValue old = s.fields().get(TRIMMED);
        cost = trimmedCost - (old == null ? 0 : TwinText.utf8Length(TRIMMED) + TwinLimits.size(old));
      } else {
        // Absent, or not an object (an unknown shape): written as {"trimmed": …}.
        cost = TwinText.utf8Length(SUMMARY) + trimmedCost - (summary == null ? 0 : sizes.get(SUMMARY));
      }
      return total + cost <= TwinLimits.MAX_DOCUMENT_BYTES;
    }

    NodeValue.Obj document() {
      NodeValue summary = top.get(SUMMARY);
      NodeValue.Obj base = summary instanceof NodeValue.Obj s ? s : NodeValue.Obj.empty();
      put(SUMMARY, base.with(TRIMMED, NodeValue.of(notes.joined())));
      return NodeValue.object(top);
    }

    // (a) __drift

    private void summariseDriftValues() {
      for (String g : largestFirst(groupsWith(DRIFT), g -> TwinLimits.size(group(g).get(DRIFT)))) {
        if (fits()) {
          return;
        }
        if (!(group(g).get(DRIFT) instanceof NodeValue.Obj drift)) {
          continue;
        }
        LinkedHashMap<String, NodeValue> entries = new LinkedHashMap<>();
        int summarised = 0;
        for (Map.Entry<String, NodeValue> e : drift.fields().entrySet()) {
          NodeValue entry = e.getValue();
          if (entry instanceof NodeValue.Obj o) {
            NodeValue.Obj shorter = o;
            for (String field : List.of("desired", "actual")) {
              NodeValue value = o.fields().get(field);
              if (value != null && TwinText.summary(value) != value) {
                shorter = shorter.with(field, TwinText.summary(value));
              }
            }
            if (shorter != o) {
              summarised++;
              entry = shorter;
            }
          }
          entries.put(e.getKey(), entry);
        }
        if (summarised > 0) {
          put(g, group(g).with(DRIFT, NodeValue.object(entries)));
          notes.add(path(g, DRIFT) + ": desired/actual values of " + summarised + " entries summarised");
        }
      }
    }

    private void countDrift() {
      replaceByCount(DRIFT, "entries");
    }

    // (b) __errors

    private void shortenErrors() {
      for (String g : largestFirst(groupsWith(ERRORS), g -> TwinLimits.size(group(g).get(ERRORS)))) {
        if (fits()) {
          return;
        }
        NodeValue errors = group(g).get(ERRORS);
        NodeValue shorter;
        int shortened = 0;
        if (errors instanceof NodeValue.Obj o) {
          LinkedHashMap<String, NodeValue> entries = new LinkedHashMap<>();
          for (Map.Entry<String, NodeValue> e : o.fields().entrySet()) {
            NodeValue error = shortError(e.getValue());
            shortened += error != e.getValue() ? 1 : 0;
            entries.put(e.getKey(), error);
          }
          shorter = shortened > 0 ? NodeValue.object(entries) : errors;
        } else {
          shorter = shortError(errors);
          shortened = shorter != errors ? 1 : 0;
        }
        if (shortened > 0) {
          put(g, group(g).with(ERRORS, shorter));
          notes.add(path(g, ERRORS) + ": " + shortened + " errors shortened (texts to " + ERROR_TEXT_MAX_CHARS
              + " characters, parameters to the first " + ERROR_PARAMETERS_KEPT + ")");
        }
      }
    }

    /** An error object with short texts and few parameters; the same instance when already short. */
    private static NodeValue shortError(NodeValue error) {
      if (error instanceof NodeValue.Text t) {
        String s = TwinText.shorten(t.value(), ERROR_TEXT_MAX_CHARS);
        return s.equals(t.value()) ? error : NodeValue.of(s);
      }
      if (!(error instanceof NodeValue.Obj o)) {
        return TwinText.summary(error);
      }
      LinkedHashMap<String, NodeValue> fields = new LinkedHashMap<>();
      boolean changed = false;
      for (Map.Entry<String, NodeValue> e : o.fields().entrySet()) {
        NodeValue v = e.getValue();
        NodeValue shorter;
        if (e.getKey().equals("parameters") && v instanceof NodeValue.Obj parameters) {
          LinkedHashMap<String, NodeValue> kept = new LinkedHashMap<>();
          boolean cut = parameters.fields().size() > ERROR_PARAMETERS_KEPT;
          for (Map.Entry<String, NodeValue> p : parameters.fields().entrySet()) {
            if (kept.size() == ERROR_PARAMETERS_KEPT) {
              break;
            }
            NodeValue pv = p.getValue() instanceof NodeValue.Text
                ? shortError(p.getValue()) : TwinText.summary(p.getValue());
            cut |= pv != p.getValue();
            kept.put(p.getKey(), pv);
          }
          shorter = cut ? NodeValue.object(kept) : v;
        } else if (v instanceof NodeValue.Text) {
          shorter = shortError(v);
        } else {
          shorter = TwinText.summary(v);
        }
        changed |= shorter != v;
        fields.put(e.getKey(), shorter);
      }
      return changed ? NodeValue.object(fields) : error;
    }

    // (c) __deviceSchemas

    private void dropSchemaDetails() {
      if (fits() || !(top.get(DEVICE_SCHEMAS) instanceof NodeValue.Obj schemas)) {
        return;
      }
      LinkedHashMap<String, NodeValue> entries = new LinkedHashMap<>(schemas.fields());
      long saved = 0; // taken off total as we go, so fits() stays exact without rebuilding the map each time
      int dropped = 0;
      for (String id : largestFirst(new ArrayList<>(entries.keySet()), id -> TwinLimits.size(entries.get(id)))) {
        if (fits()) {
          break;
        }
        NodeValue entry = entries.get(id);
        NodeValue shorter = entry;
        if (entry instanceof NodeValue.Obj o) {
          LinkedHashMap<String, NodeValue> kept = new LinkedHashMap<>();
          for (String field : List.of("type", "interfaceVersion")) {
            if (o.has(field)) {
              kept.put(field, o.get(field));
            }
          }
          if (kept.size() < o.fields().size()) {
            shorter = NodeValue.object(kept);
          }
        } else {
          shorter = TwinText.summary(entry);
        }
        if (shorter == entry) {
          continue;
        }
        long delta = TwinLimits.size(entry) - TwinLimits.size(shorter);
        total -= delta;
        saved += delta;
        entries.put(id, shorter);
        dropped++;
        String note = DEVICE_SCHEMAS + ": tags and details of " + dropped + " capabilities dropped";
        if (dropped == 1) {
          notes.add(note);
        } else {
          notes.replaceLast(note);
        }
      }
      if (dropped > 0) {
        total += saved;
        put(DEVICE_SCHEMAS, NodeValue.object(entries));
      }
    }

    // (d) property values

    private void omitProperties() {
      List<String> candidates = new ArrayList<>();
      for (Map.Entry<String, NodeValue> e : top.entrySet()) {
        String k = e.getKey();
        if (!k.equals(SUMMARY) && !(e.getValue() instanceof NodeValue.Obj && k.equals(DEVICE_SCHEMAS))) {
          candidates.add(k);
        }
      }
      for (String k : largestFirst(candidates, this::omittable)) {
        if (fits()) {
          return;
        }
        NodeValue v = top.get(k);
        if (!(v instanceof NodeValue.Obj group)) {
          remove(k);
          notes.add(label(k) + ": value dropped");
          continue;
        }
        LinkedHashMap<String, NodeValue> kept = new LinkedHashMap<>();
        int omitted = 0;
        for (Map.Entry<String, NodeValue> e : group.fields().entrySet()) {
          if (isBookkeeping(e.getKey())) {
            kept.put(e.getKey(), e.getValue());
          } else {
            omitted++;
          }
        }
        String marker = omitted + " properties omitted: reported state exceeds 32 KB";
        if (omittable(k) <= TwinText.utf8Length(GROUP_TRIMMED) + TwinText.utf8Length(marker)) {
          continue; // the marker would cost more than it saves
        }
        kept.put(GROUP_TRIMMED, NodeValue.of(marker));
        put(k, NodeValue.object(kept));
        notes.add(label(k) + ": " + omitted + " properties omitted");
      }
    }

    /** What omitting {@code k}'s property values would free, at most. */
    private long omittable(String k) {
      NodeValue v = top.get(k);
      if (!(v instanceof NodeValue.Obj group)) {
        return sizes.get(k);
      }
      long n = 0;
      for (Map.Entry<String, NodeValue> e : group.fields().entrySet()) {
        if (!isBookkeeping(e.getKey())) {
          n += TwinText.utf8Length(e.getKey()) + TwinLimits.size(e.getValue());
        }
      }
      return n;
    }

    private static boolean isBookkeeping(String key) {
      return key.equals(META) || key.equals(ERRORS) || key.equals(DRIFT);
    }

    private void countSchemas() {
      if (fits() || !(top.get(DEVICE_SCHEMAS) instanceof NodeValue.Obj schemas)) {
        return;
      }
      NodeValue.Obj count = countOf(schemas);
      if (TwinLimits.size(count) < TwinLimits.size(schemas)) {
        put(DEVICE_SCHEMAS, count);
        notes.add(DEVICE_SCHEMAS + ": " + schemas.fields().size() + " capabilities dropped, only their count kept");
      }
    }

    // (e) last resort

    private void countErrors() {
      replaceByCount(ERRORS, "errors");
    }

    private void dropSummaryDetails() {
      if (fits() || !(top.get(SUMMARY) instanceof NodeValue.Obj summary)) {
        return;
      }
      List<String> fields = new ArrayList<>();
      summary.fields().forEach((k, v) -> {
        if (!k.equals(TRIMMED) && !(v instanceof NodeValue.Num) && !(v instanceof NodeValue.Bool)) {
          fields.add(k);
        }
      });
      NodeValue.Obj shorter = summary;
      for (String field : largestFirst(fields, f -> TwinLimits.size(summary.get(f)))) {
        if (fits()) {
          break;
        }
        shorter = shorter.without(field);
        put(SUMMARY, shorter);
        notes.add(path(SUMMARY, field) + ": dropped");
      }
    }

    private void keepDeploymentStatusOnly() {
      for (String g : largestFirst(groups(), sizes::get)) {
        if (fits()) {
          return;
        }
        NodeValue.Obj group = group(g);
        NodeValue.Obj statusOnly = statusOnly(group);
        if (TwinLimits.size(statusOnly) < TwinLimits.size(group)) {
          put(g, statusOnly);
          notes.add(label(g)
              + (statusOnly.isEmpty() ? ": group emptied" : ": group cut to its __meta.deploymentStatus"));
        }
      }
    }

    private static NodeValue.Obj statusOnly(NodeValue.Obj group) {
      if (group.get(META) instanceof NodeValue.Obj meta && meta.has(DEPLOYMENT_STATUS)) {
        return NodeValue.object(META, NodeValue.object(DEPLOYMENT_STATUS, meta.get(DEPLOYMENT_STATUS)));
      }
      return NodeValue.Obj.empty();
    }

    private void dropEntries() {
      Set<String> groups = new HashSet<>(groups());
      for (String k : largestFirst(new ArrayList<>(top.keySet()), sizes::get)) {
        if (fits()) {
          return;
        }
        boolean isGroup = groups.contains(k);
        boolean hadStatus = isGroup && !statusOnly(group(k)).isEmpty();
        remove(k);
        notes.add(label(k) + (hadStatus ? ": group dropped, not even its __meta.deploymentStatus fits"
            : isGroup ? ": group dropped" : ": dropped"));
      }
    }

    // shared

    /** Replaces each group's {@code part} with {@code {"__count": n}}, largest first, while that saves bytes. */
    private void replaceByCount(String part, String what) {
      for (String g : largestFirst(groupsWith(part), g -> TwinLimits.size(group(g).get(part)))) {
        if (fits()) {
          return;
        }
        NodeValue v = group(g).get(part);
        NodeValue.Obj count = countOf(v);
        if (TwinLimits.size(count) < TwinLimits.size(v)) {
          put(g, group(g).with(part, count));
          notes.add(path(g, part) + ": " + countValue(v) + " " + what + " dropped, only their count kept");
        }
      }
    }

    private static NodeValue.Obj countOf(NodeValue v) {
      return NodeValue.object(COUNT, NodeValue.of(countValue(v)));
    }

    private static long countValue(NodeValue v) {
      if (v instanceof NodeValue.Obj o) {
        return o.fields().size();
      }
      return v instanceof NodeValue.Seq s ? s.items().size() : 1;
    }

    /** Configuration groups: top-level objects other than {@code __summary} and {@code __deviceSchemas}. */
    private List<String> groups() {
      List<String> out = new ArrayList<>();
      top.forEach((k, v) -> {
        if (v instanceof NodeValue.Obj && !k.equals(SUMMARY) && !k.equals(DEVICE_SCHEMAS)) {
          out.add(k);
        }
      });
      return out;
    }

    private List<String> groupsWith(String part) {
      List<String> out = new ArrayList<>();
      for (String g : groups()) {
        if (group(g).has(part)) {
          out.add(g);
        }
      }
      return out;
    }

    private NodeValue.Obj group(String g) {
      return (NodeValue.Obj) top.get(g);
    }

    private static List<String> largestFirst(List<String> keys, ToLongFunction<String> size) {
      Map<String, Long> measured = new LinkedHashMap<>();
      keys.forEach(k -> measured.put(k, size.applyAsLong(k)));
      List<String> sorted = new ArrayList<>(keys);
      sorted.sort(Comparator.comparing((String k) -> measured.get(k)).reversed()
          .thenComparing(Comparator.naturalOrder()));
      return sorted;
    }

    /** A top-level key as a person reads it. */
    private static String label(String top) {
      return TwinPath.label(TwinLimits.decodeKey(top));
    }

    private static String path(String top, String part) {
      return TwinPath.DOCUMENT.key(TwinLimits.decodeKey(top)).key(part).toString();
    }

    private void put(String k, NodeValue v) {
      Long old = sizes.get(k);
      long s = entrySize(k, v);
      total += s - (old == null ? 0 : old);
      sizes.put(k, s);
      top.put(k, v);
    }

    private void remove(String k) {
      Long old = sizes.remove(k);
      total -= old == null ? 0 : old;
      top.remove(k);
    }

    private static long entrySize(String k, NodeValue v) {
      return TwinText.utf8Length(k) + TwinLimits.size(v);
    }
  }
}
