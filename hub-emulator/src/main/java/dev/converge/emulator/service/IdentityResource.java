package dev.converge.emulator.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.identity.IdentityId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The identity registry: {@code /devices/{id}} and {@code /devices/{id}/modules/{moduleId}} (PUT, GET, DELETE),
 * {@code GET /devices?top=n}, {@code GET /devices/{id}/modules} and {@code GET /statistics/devices}.
 *
 * <p>PUT without {@code If-Match} creates (409 if the identity exists); with {@code If-Match} ({@code *} or the
 * etag) it updates (404 if missing, 412 on a stale etag). Keys left out are generated on create and kept on update.
 * DELETE takes {@code If-Match} too ({@code *} when absent); deleting a device deletes its modules. A body naming
 * another id than the path is refused.
 */
final class IdentityResource {

  /** IoT Hub's cap on {@code GET /devices?top=}. */
  static final int MAX_TOP = 1000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Hub hub;

  IdentityResource(Hub hub) {
    this.hub = hub;
  }

  /** Lists devices ({@code GET /devices}), at most {@code top}, sorted by id. */
  ApiResponse list(ApiRequest request) {
    int top = Paging.positive(request.query().get("top"), "top", MAX_TOP);
    ArrayNode devices = NODES.arrayNode();
    hub.identities().devices().stream().limit(top).forEach(d -> devices.add(json(d)));
    return ApiResponse.ok(devices);
  }

  /** Lists a device's modules ({@code GET /devices/{id}/modules}). */
  ApiResponse modules(String deviceId) {
    IdentityId device = IdentityId.device(deviceId);
    if (hub.identities().get(device).isEmpty()) {
      throw new RejectedRequest(notRegistered(device));
    }
    ArrayNode modules = NODES.arrayNode();
    hub.identities().modules(deviceId).forEach(m -> modules.add(json(m)));
    return ApiResponse.ok(modules);
  }

  /** {@code GET /statistics/devices}: device counts, as the registry statistics report them. */
  ApiResponse statistics() {
    List<Identity> devices = hub.identities().devices();
    long enabled = devices.stream().filter(Identity::enabled).count();
    return ApiResponse.ok(NODES.objectNode()
        .put("totalDeviceCount", devices.size())
        .put("enabledDeviceCount", enabled)
        .put("disabledDeviceCount", devices.size() - enabled));
  }

  ApiResponse get(IdentityId id) {
    Identity identity = hub.identities().get(id).orElseThrow(() -> new RejectedRequest(notRegistered(id)));
    return ApiResponse.ok(json(identity), identity.etag());
  }

  ApiResponse put(IdentityId id, ApiRequest request) {
    ObjectNode body = request.jsonObject("the " + kind(id) + " identity");
    sameId(body, "deviceId", id.deviceId());
    sameId(body, "moduleId", id.moduleId());
    boolean enabled = IdentityJson.enabled(body);
    Optional<Credentials> requested = IdentityJson.credentials(body);
    Optional<String> ifMatch = request.ifMatch();
    Identity result;
    if (ifMatch.isEmpty()) {
      result = hub.register(id, requested.orElse(null), enabled);
    } else {
      Identity current = hub.identities().get(id).orElseThrow(() -> new RejectedRequest(notRegistered(id)));
      Credentials credentials = requested.orElseGet(() -> current.credentials() instanceof Credentials.SymmetricKey
          ? current.credentials()
          : new Credentials.SymmetricKey(hub.identities().newKey(), hub.identities().newKey()));
      result = hub.update(id, credentials, enabled, ifMatch.get());
    }
    return ApiResponse.ok(json(result), result.etag());
  }

  ApiResponse delete(IdentityId id, ApiRequest request) {
    hub.deregister(id, request.ifMatch().orElse("*"));
    return ApiResponse.noContent();
  }

  /** 404 with IoT Hub's DeviceNotFound (404001) or ModuleNotFound (404010). */
  static ApiError notRegistered(IdentityId id) {
    return id.isModule()
        ? new ApiError(404, 404010, "module " + id + " is not registered")
        : new ApiError(404, 404001, "device " + id + " is not registered");
  }

  private ObjectNode json(Identity identity) {
    return IdentityJson.of(identity, hub.sessions().presence(identity.id()));
  }

  private static void sameId(ObjectNode body, String field, @Nullable String inPath) {
    String inBody = body.path(field).asText("");
    if (!inBody.isEmpty() && !inBody.equals(inPath)) {
      throw new RejectedRequest(ApiError.invalid(field + " '" + inBody + "' in the body does not match "
          + (inPath == null ? "the path, which names no " + field : "'" + inPath + "' in the path")));
    }
  }

  private static String kind(IdentityId id) {
    return id.isModule() ? "module" : "device";
  }
}
