package dev.converge.emulator.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.wire.IfMatch;
import java.util.Objects;
import java.util.Optional;

/**
 * One device's (or module's) twin as the hub keeps it, judging every update by IoT Hub's rules ({@link TwinRules}).
 *
 * <p>Every update is a JSON merge patch ({@link MergePatch}); a replacement is a patch onto an empty section. An
 * update is checked whole before anything changes: if any key, value, depth or the resulting section size breaks a
 * rule, the answer is {@link TwinUpdate.Rejected} and the twin is exactly as before, versions included. An accepted
 * update increments its section's {@code $version} (tags have none) and the twin version, even when it changes no
 * value, because IoT Hub guarantees only that versions increase and a patch is an event devices are told about.
 *
 * <p>Documents passed in are copied before the call returns, so the caller may reuse them. Thread-safe: updates are
 * serialised, and {@link #snapshot()} always shows the state between two whole updates.
 *
 * <p>Conditional variants take an {@code ifMatch} etag as sent in an HTTP {@code If-Match} header: {@code *}, or the
 * etag with or without its quotes. A mismatch is rejected with 412.
 */
public final class Twin {

  private TwinSnapshot state = TwinSnapshot.initial();

  /** A new twin: empty sections, every version 1. */
  public Twin() {}

  /** A twin continuing from {@code saved}, e.g. as loaded from durable state. */
  public Twin(TwinSnapshot saved) {
    this.state = Objects.requireNonNull(saved, "saved");
  }

  /** The current state. */
  public synchronized TwinSnapshot snapshot() {
    return state;
  }

  /** Replaces the desired properties with {@code document} (the service's full desired update). */
  public TwinUpdate replaceDesired(JsonNode document) {
    return replaceDesired(document, IfMatch.ANY);
  }

  /** As {@link #replaceDesired(JsonNode)}, only if the twin's etag matches {@code ifMatch}. */
  public TwinUpdate replaceDesired(JsonNode document, String ifMatch) {
    return update(TwinSection.DESIRED, document, true, ifMatch);
  }

  /** Merges {@code patch} into the desired properties (the service's partial update). */
  public TwinUpdate patchDesired(JsonNode patch) {
    return patchDesired(patch, IfMatch.ANY);
  }

  /** As {@link #patchDesired(JsonNode)}, only if the twin's etag matches {@code ifMatch}. */
  public TwinUpdate patchDesired(JsonNode patch, String ifMatch) {
    return update(TwinSection.DESIRED, patch, false, ifMatch);
  }

  /** Merges {@code patch} into the reported properties (the device's only way to write them). */
  public TwinUpdate patchReported(JsonNode patch) {
    return update(TwinSection.REPORTED, patch, false, IfMatch.ANY);
  }

  /** Replaces the tags with {@code document}. */
  public TwinUpdate replaceTags(JsonNode document) {
    return replaceTags(document, IfMatch.ANY);
  }

  /** As {@link #replaceTags(JsonNode)}, only if the twin's etag matches {@code ifMatch}. */
  public TwinUpdate replaceTags(JsonNode document, String ifMatch) {
    return update(TwinSection.TAGS, document, true, ifMatch);
  }

  /** Merges {@code patch} into the tags. */
  public TwinUpdate patchTags(JsonNode patch) {
    return patchTags(patch, IfMatch.ANY);
  }

  /** As {@link #patchTags(JsonNode)}, only if the twin's etag matches {@code ifMatch}. */
  public TwinUpdate patchTags(JsonNode patch, String ifMatch) {
    return update(TwinSection.TAGS, patch, false, ifMatch);
  }

  private synchronized TwinUpdate update(TwinSection section, JsonNode update, boolean replace, String ifMatch) {
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(ifMatch, "ifMatch");
    TwinSnapshot before = state;
    if (!IfMatch.matches(ifMatch, before.etag())) {
      return new TwinUpdate.Rejected(TwinError.preconditionFailed(ifMatch, before.etag()));
    }
    TwinRules.Checked checked = TwinRules.check(section, update);
    ObjectNode patch = checked.document();
    if (patch == null) {
      return new TwinUpdate.Rejected(Objects.requireNonNull(checked.error()));
    }
    ObjectNode base = replace ? JsonNodeFactory.instance.objectNode() : section(before, section).toObjectNode();
    ObjectNode merged = MergePatch.apply(base, patch);
    // Depth needs no second check: merging keeps every member at the depth it had in the patch or the section.
    long size = TwinRules.size(merged);
    if (size > section.maxSize()) {
      return new TwinUpdate.Rejected(TwinError.tooLarge(section, size));
    }
    TwinDocument after = TwinDocument.adopt(merged);
    long version = before.version() + 1;
    TwinSnapshot next =
        switch (section) {
          case TAGS -> new TwinSnapshot(
              after, before.desired(), before.desiredVersion(), before.reported(), before.reportedVersion(), version);
          case DESIRED -> new TwinSnapshot(
              before.tags(), after, before.desiredVersion() + 1, before.reported(), before.reportedVersion(), version);
          case REPORTED -> new TwinSnapshot(
              before.tags(), before.desired(), before.desiredVersion(), after, before.reportedVersion() + 1, version);
        };
    state = next;
    return switch (section) {
      case TAGS -> new TwinUpdate.Accepted(section, version, next, Optional.empty());
      case REPORTED -> new TwinUpdate.Accepted(section, next.reportedVersion(), next, Optional.empty());
      case DESIRED -> {
        ObjectNode pushed = replace ? replacementDiff(before.desired().toObjectNode(), merged) : patch.deepCopy();
        pushed.put("$version", next.desiredVersion());
        yield new TwinUpdate.Accepted(section, next.desiredVersion(), next, Optional.of(TwinDocument.adopt(pushed)));
      }
    };
  }

  /**
   * What a device receives after a desired replacement: IoT Hub diffs by existence, not by value (an IoT Hub
   * engineer in Azure/azure-iot-sdk-csharp#954: from {@code {a:1,b:2}}, PUT {@code {a:1,c:100}} notifies
   * {@code {a:1,b:null,c:100}}). Every member of the new document is sent, objects present before and after are
   * diffed the same way inside, and members that are gone are sent as {@code null}, so a device that merges
   * notifications as patches ends with exactly the new document.
   */
  static ObjectNode replacementDiff(ObjectNode old, ObjectNode replacement) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    replacement.fields().forEachRemaining(e -> {
      JsonNode was = old.get(e.getKey());
      out.set(e.getKey(), was instanceof ObjectNode o && e.getValue() instanceof ObjectNode n
          ? replacementDiff(o, n) : e.getValue().deepCopy());
    });
    old.fieldNames().forEachRemaining(name -> {
      if (!replacement.has(name)) {
        out.putNull(name);
      }
    });
    return out;
  }

  private static TwinDocument section(TwinSnapshot twin, TwinSection section) {
    return switch (section) {
      case TAGS -> twin.tags();
      case DESIRED -> twin.desired();
      case REPORTED -> twin.reported();
    };
  }

}
