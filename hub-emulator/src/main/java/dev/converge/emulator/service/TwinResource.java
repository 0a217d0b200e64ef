package dev.converge.emulator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.hub.TwinStore;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.rollout.TwinView;
import dev.converge.emulator.twin.Twin;
import dev.converge.emulator.twin.TwinDocument;
import dev.converge.emulator.twin.TwinError;
import dev.converge.emulator.twin.TwinSection;
import dev.converge.emulator.twin.TwinSnapshot;
import dev.converge.emulator.twin.TwinUpdate;
import dev.converge.emulator.wire.IfMatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Device and module twins: {@code GET}, {@code PATCH} (merge) and {@code PUT} (replace) on {@code /twins/{id}} and
 * {@code /twins/{id}/modules/{moduleId}}.
 *
 * <p>The service writes {@code tags} and {@code properties.desired}; {@code properties.reported} belongs to the
 * device, so a request carrying it is refused. Fields the SDK echoes from a twin it read (ids, etag, version,
 * status...) are ignored, and so are {@code $version} and {@code $metadata} at the top of a section, which are the
 * hub's. PATCH merges each section given; PUT replaces both (a missing section means an empty one), leaving alone a
 * section that already equals its replacement so devices are not pushed a no-op.
 *
 * <p>{@code If-Match} (absent means {@code *}) is checked once against the twin's etag, and one request is accepted
 * or refused whole: both updates are first tried on a copy of the twin, so a rule broken by the second one leaves the
 * first unapplied. The two then go through the hub's {@link TwinStore} one after the other, the second conditional
 * on the first's etag, so a concurrent writer makes the second fail with 412 rather than be overwritten.
 */
final class TwinResource {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Hub hub;
  private final TwinView view;

  TwinResource(Hub hub, TwinView view) {
    this.hub = hub;
    this.view = view;
  }

  ApiResponse get(IdentityId id) {
    ObjectNode twin = view.twin(id).orElseThrow(() -> new RejectedRequest(IdentityResource.notRegistered(id)));
    return ApiResponse.ok(twin, twin.path("etag").asText());
  }

  ApiResponse patch(IdentityId id, ApiRequest request) {
    return update(id, request, false);
  }

  ApiResponse replace(IdentityId id, ApiRequest request) {
    return update(id, request, true);
  }

  /** One section's update: which section (tags or desired), the document, and whether it replaces or merges. */
  private record Step(TwinSection section, ObjectNode document, boolean replace) {
    TwinUpdate applyTo(Twin twin) {
      return section == TwinSection.TAGS
          ? (replace ? twin.replaceTags(document) : twin.patchTags(document))
          : (replace ? twin.replaceDesired(document) : twin.patchDesired(document));
    }

    TwinUpdate applyTo(TwinStore twins, IdentityId id, String ifMatch) {
      return section == TwinSection.TAGS
          ? (replace ? twins.replaceTags(id, document, ifMatch) : twins.patchTags(id, document, ifMatch))
          : (replace ? twins.replaceDesired(id, document, ifMatch) : twins.patchDesired(id, document, ifMatch));
    }
  }

  private ApiResponse update(IdentityId id, ApiRequest request, boolean replace) {
    ObjectNode body = request.jsonObject("the twin");
    TwinSnapshot current =
        hub.twins().get(id).orElseThrow(() -> new RejectedRequest(IdentityResource.notRegistered(id)));
    String ifMatch = request.ifMatch().orElse("*");
    if (!IfMatch.matches(ifMatch, current.etag())) {
      throw new RejectedRequest(new ApiError(412, TwinError.PRECONDITION_FAILED, "If-Match " + ifMatch
          + " does not match the current etag " + current.etag() + " of the twin of " + id));
    }
    JsonNode properties = body.path("properties");
    if (properties.hasNonNull("reported")) {
      throw new RejectedRequest(ApiError.invalid("properties.reported of " + id
          + " can only be written by the device; the service writes tags and properties.desired"));
    }
    List<Step> steps = new ArrayList<>();
    add(steps, TwinSection.TAGS, section(body, "tags", "tags"), replace, current.tags());
    add(steps, TwinSection.DESIRED, section(properties, "desired", "properties.desired"), replace, current.desired());

    Twin trial = new Twin(current);
    for (Step step : steps) {
      if (step.applyTo(trial) instanceof TwinUpdate.Rejected rejected) {
        throw new RejectedRequest(ApiError.of(rejected.error()));
      }
    }
    String expected = ifMatch;
    for (Step step : steps) {
      TwinUpdate update = step.applyTo(hub.twins(), id, expected);
      if (update instanceof TwinUpdate.Rejected rejected) {
        throw new RejectedRequest(ApiError.of(rejected.error()));
      }
      expected = ((TwinUpdate.Accepted) update).twin().etag();
    }
    return get(id);
  }

  /** Adds the step unless it would change nothing: an empty patch, or a replacement equal to the section. */
  private static void add(List<Step> steps, TwinSection section, ObjectNode document, boolean replace,
      TwinDocument current) {
    boolean noChange = replace ? TwinDocument.copyOf(document).equals(current) : document.isEmpty();
    if (!noChange) {
      steps.add(new Step(section, document, replace));
    }
  }

  /** The member {@code name} of {@code parent} without the hub's {@code $} members; absent or null reads as {}. */
  private static ObjectNode section(JsonNode parent, String name, String path) {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      return NODES.objectNode();
    }
    if (!value.isObject()) {
      throw new RejectedRequest(ApiError.invalid(path + " must be a JSON object, not " + value.getNodeType()));
    }
    ObjectNode copy = ((ObjectNode) value).deepCopy();
    copy.remove("$version");
    copy.remove("$metadata");
    return copy;
  }

}
