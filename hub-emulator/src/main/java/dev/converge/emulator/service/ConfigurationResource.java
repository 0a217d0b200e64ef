package dev.converge.emulator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.adm.Configuration;
import dev.converge.emulator.adm.ConfigurationStore;
import dev.converge.emulator.rollout.ConfigurationRollout;

/**
 * Automatic device management configurations: {@code PUT}, {@code GET} and {@code DELETE} on {@code
 * /configurations/{id}}, and {@code GET /configurations?top=n}.
 *
 * <p>PUT without {@code If-Match} creates (409 if the id exists); with it ({@code *} or the etag) updates, where only
 * labels, metrics, priority and the target condition may change (content is immutable: 400 naming {@code content}).
 * The {@code adm} package's {@link ConfigurationStore} applies every rule; every accepted write is saved and triggers
 * an evaluation, whose metric results appear on the next GET.
 */
final class ConfigurationResource {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ConfigurationRollout rollout;

  ConfigurationResource(ConfigurationRollout rollout) {
    this.rollout = rollout;
  }

  ApiResponse list(ApiRequest request) {
    int top = Paging.positive(request.query().get("top"), "top", ConfigurationStore.MAX_CONFIGURATIONS);
    ArrayNode list = NODES.arrayNode();
    rollout.configurations().list().stream().limit(top).forEach(c -> list.add(c.toJson()));
    return ApiResponse.ok(list);
  }

  ApiResponse get(String id) {
    Configuration configuration = rollout.configurations().get(id)
        .orElseThrow(() -> new RejectedRequest(notFound(id)));
    return ApiResponse.ok(configuration.toJson(), configuration.etag());
  }

  ApiResponse put(String id, ApiRequest request) {
    ObjectNode body = request.jsonObject("the configuration");
    JsonNode inBody = body.get("id");
    if (inBody == null || inBody.isNull() || inBody.asText().isEmpty()) {
      body.put("id", id);
    } else if (!inBody.asText().equals(id)) {
      throw new RejectedRequest(ApiError.invalid("id '" + inBody.asText() + "' in the body does not match '" + id
          + "' in the path"));
    }
    Configuration requested = Configuration.fromJson(body);
    ConfigurationStore store = rollout.configurations();
    Configuration stored = request.ifMatch().isPresent()
        ? store.update(requested, request.ifMatch().get())
        : store.create(requested);
    rollout.changed();
    return ApiResponse.ok(stored.toJson(), stored.etag());
  }

  ApiResponse delete(String id, ApiRequest request) {
    rollout.configurations().delete(id, request.ifMatch().orElse("*"));
    rollout.changed();
    return ApiResponse.noContent();
  }

  private static ApiError notFound(String id) {
    return new ApiError(404, 404, "configuration '" + id + "' does not exist");
  }
}
