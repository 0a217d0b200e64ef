package dev.converge.emulator.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.hub.StateSection;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.twin.TwinDocument;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each twin's {@code configurations} section ({@code {"<configuration id>": {"status": "applied"}}}) as ADM last wrote
 * it. Twins have no such section of their own ({@code TwinSnapshot} holds tags, desired and reported), so it is kept
 * here and saved with the hub's state: a restarted hub shows the same statuses before it evaluates again.
 * Thread-safe.
 */
final class TwinConfigurations implements StateSection {

  private final Map<IdentityId, TwinDocument> sections = new ConcurrentHashMap<>();

  /** The twin's section; empty when no configuration targets it. */
  TwinDocument of(IdentityId id) {
    return sections.getOrDefault(id, TwinDocument.empty());
  }

  /** Sets the twin's section (an empty one removes it); returns whether anything changed. */
  boolean put(IdentityId id, TwinDocument section) {
    TwinDocument previous = section.isEmpty() ? sections.remove(id) : sections.put(id, section);
    return previous == null ? !section.isEmpty() : !previous.equals(section);
  }

  /** Whether no twin has a section. */
  boolean isEmpty() {
    return sections.isEmpty();
  }

  /** Forgets twins other than {@code ids} (their identities were deleted); returns whether any was forgotten. */
  boolean retainOnly(Collection<IdentityId> ids) {
    return sections.keySet().retainAll(ids);
  }

  @Override
  public String name() {
    return "twinConfigurations";
  }

  @Override
  public JsonNode save() {
    ObjectNode saved = JsonNodeFactory.instance.objectNode();
    new TreeMap<>(sections).forEach((id, section) -> saved.set(id.clientId(), section.toObjectNode()));
    return saved;
  }

  @Override
  public void load(JsonNode saved) {
    if (!saved.isObject()) {
      throw new IllegalArgumentException("twin configurations must be a JSON object, not " + saved.getNodeType());
    }
    sections.clear();
    saved.properties().forEach(e ->
        sections.put(IdentityId.fromClientId(e.getKey()), TwinDocument.copyOf(e.getValue())));
  }
}
