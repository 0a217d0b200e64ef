package dev.converge.emulator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.converge.emulator.adm.ConfigurationException;
import dev.converge.emulator.auth.ResourceUri;
import dev.converge.emulator.auth.SasVerdict;
import dev.converge.emulator.auth.SasVerifier;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.identity.RegistryException;
import dev.converge.emulator.rollout.ConfigurationRollout;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub's service REST API: checks each request, routes it to the resource that serves its path, and writes the
 * answer.
 *
 * <p>Checks, in order: the {@code api-version} query parameter must be present and shaped like one of IoT Hub's
 * ({@code 2021-04-12}; the emulator serves one behaviour for all versions); the {@code Authorization} header must hold
 * a SAS token for the whole hub ({@code sr=<host name>}) signed with a shared access policy's key and not expired,
 * else 401. Paths:
 *
 * <pre>
 * POST          /devices/query                      queries          ({@link QueryResource})
 * GET           /devices?top=n                      identities       ({@link IdentityResource})
 * PUT GET DELETE /devices/{id}[/modules/{moduleId}]
 * GET           /devices/{id}/modules
 * GET           /statistics/devices
 * GET PATCH PUT /twins/{id}[/modules/{moduleId}]    twins            ({@link TwinResource})
 * POST          /twins/{id}[/modules/{moduleId}]/methods            ({@link MethodResource})
 * GET           /configurations?top=n               configurations   ({@link ConfigurationResource})
 * PUT GET DELETE /configurations/{id}
 * </pre>
 *
 * A device named {@code query} is reachable with every method but POST, as on IoT Hub.
 */
public final class ServiceApi implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The shape of IoT Hub's api-versions ({@code 2021-04-12}, {@code 2020-06-30-preview}). IoT Hub answers any other
   * value 400 InvalidProtocolVersion: the documented {@code api-version=2018-06} failed until corrected to {@code
   * 2018-06-30} (MicrosoftDocs/azure-docs#58500), and a version a region does not serve gets
   * "ErrorCode:InvalidProtocolVersion;BadRequest" (Azure/Industrial-IoT#708). The emulator serves one behaviour for
   * every well-formed date, so it refuses only what is not one.
   */
  private static final Pattern API_VERSION = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?");

  private final String hostName;
  private final Hub hub;
  private final SharedAccessPolicies policies;
  private final SasVerifier verifier;
  private final IdentityResource identities;
  private final TwinResource twins;
  private final MethodResource methods;
  private final ConfigurationResource configurations;
  private final QueryResource queries;

  /**
   * @param hostName the hub's host name, the resource every service token must name
   * @param hub the hub's state and rules
   * @param policies the keys service tokens are signed with
   * @param rollout ADM: configurations, and twins as the service sees them
   */
  public ServiceApi(String hostName, Hub hub, SharedAccessPolicies policies, ConfigurationRollout rollout) {
    this.hostName = Objects.requireNonNull(hostName, "hostName");
    this.hub = hub;
    this.policies = policies;
    this.verifier = new SasVerifier(hub.clock());
    this.identities = new IdentityResource(hub);
    this.twins = new TwinResource(hub, rollout.view());
    this.methods = new MethodResource(hub);
    this.configurations = new ConfigurationResource(rollout);
    this.queries = new QueryResource(rollout.view());
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    ApiResponse response;
    String what = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    try {
      ApiRequest request = ApiRequest.from(exchange);
      what = request.method() + " " + request.pathText();
      response = serve(request);
    } catch (RejectedRequest e) {
      response = error(what, e.error());
    }
    write(exchange, response);
  }

  private ApiResponse serve(ApiRequest request) {
    String what = request.method() + " " + request.pathText();
    String apiVersion = request.query().get("api-version");
    if (apiVersion == null) {
      return error(what, ApiError.noApiVersion());
    }
    if (!API_VERSION.matcher(apiVersion).matches()) {
      return error(what, ApiError.badApiVersion(apiVersion));
    }
    Optional<ApiError> denied = authorize(request);
    if (denied.isPresent()) {
      return error(what, denied.get());
    }
    try {
      return route(request);
    } catch (RejectedRequest e) {
      return error(what, e.error());
    } catch (RegistryException e) {
      return error(what, ApiError.of(e));
    } catch (ConfigurationException e) {
      return error(what, ApiError.of(e));
    }
  }

  private Optional<ApiError> authorize(ApiRequest request) {
    Optional<String> header = request.header("Authorization");
    if (header.isEmpty() || header.get().isBlank()) {
      return Optional.of(ApiError.unauthorized("the Authorization header is missing; service requests carry a"
          + " SharedAccessSignature signed with a shared access policy key (e.g. " + SharedAccessPolicies.OWNER + ")"));
    }
    SasVerdict verdict = verifier.verify(header.get(), ResourceUri.hub(hostName), policies.keyring());
    return verdict.isAccepted() ? Optional.empty() : Optional.of(ApiError.unauthorized(verdict.message()));
  }

  private ApiResponse route(ApiRequest request) {
    List<String> path = request.path();
    String method = request.method();
    String area = path.isEmpty() ? "" : path.get(0);
    switch (area) {
      case "devices":
        if (path.size() == 2 && path.get(1).equals("query") && method.equals("POST")) {
          return queries.query(request);
        }
        return devices(request, path.subList(1, path.size()));
      case "twins":
        return twins(request, path.subList(1, path.size()));
      case "configurations":
        return configurations(request, path.subList(1, path.size()));
      case "statistics":
        if (path.equals(List.of("statistics", "devices"))) {
          return only(request, "GET") ? identities.statistics() : notAllowed(request, "GET");
        }
        break;
      default:
        break;
    }
    throw new RejectedRequest(ApiError.noSuchResource(method, request.pathText()));
  }

  private ApiResponse devices(ApiRequest request, List<String> rest) {
    if (rest.isEmpty()) {
      return only(request, "GET") ? identities.list(request) : notAllowed(request, "GET");
    }
    if (rest.size() == 2 && rest.get(1).equals("modules")) {
      return only(request, "GET") ? identities.modules(rest.get(0)) : notAllowed(request, "GET");
    }
    IdentityId id = identity(request, rest);
    switch (request.method()) {
      case "PUT":
        return identities.put(id, request);
      case "GET":
        return identities.get(id);
      case "DELETE":
        return identities.delete(id, request);
      default:
        return notAllowed(request, "PUT, GET, DELETE");
    }
  }

  private ApiResponse twins(ApiRequest request, List<String> rest) {
    if (!rest.isEmpty() && rest.get(rest.size() - 1).equals("methods") && (rest.size() == 2 || rest.size() == 4)) {
      IdentityId id = identity(request, rest.subList(0, rest.size() - 1));
      return only(request, "POST") ? methods.invoke(id, request) : notAllowed(request, "POST");
    }
    IdentityId id = identity(request, rest);
    switch (request.method()) {
      case "GET":
        return twins.get(id);
      case "PATCH":
        return twins.patch(id, request);
      case "PUT":
        return twins.replace(id, request);
      default:
        return notAllowed(request, "GET, PATCH, PUT");
    }
  }

  private ApiResponse configurations(ApiRequest request, List<String> rest) {
    if (rest.isEmpty()) {
      return only(request, "GET") ? configurations.list(request) : notAllowed(request, "GET");
    }
    if (rest.size() != 1) {
      throw new RejectedRequest(ApiError.noSuchResource(request.method(), request.pathText()));
    }
    String id = rest.get(0);
    switch (request.method()) {
      case "PUT":
        return configurations.put(id, request);
      case "GET":
        return configurations.get(id);
      case "DELETE":
        return configurations.delete(id, request);
      default:
        return notAllowed(request, "PUT, GET, DELETE");
    }
  }

  /** {@code [deviceId]} or {@code [deviceId, "modules", moduleId]}. */
  private static IdentityId identity(ApiRequest request, List<String> segments) {
    if (segments.size() == 1) {
      return IdentityId.device(segments.get(0));
    }
    if (segments.size() == 3 && segments.get(1).equals("modules")) {
      return IdentityId.module(segments.get(0), segments.get(2));
    }
    throw new RejectedRequest(ApiError.noSuchResource(request.method(), request.pathText()));
  }

  private static boolean only(ApiRequest request, String method) {
    return request.method().equals(method);
  }

  private ApiResponse notAllowed(ApiRequest request, String allowed) {
    return error(request.method() + " " + request.pathText(),
        ApiError.methodNotAllowed(request.method(), request.pathText(), allowed));
  }

  private ApiResponse error(String what, ApiError error) {
    if (error.status() == 401) {
      LOG.info("Service request {} refused: {}", what, error.message());
    } else {
      LOG.debug("Service request {} answered {} {}: {}", what, error.status(), error.errorCode(), error.message());
    }
    return ApiResponse.error(error, hub.clock().instant());
  }

  private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      exchange.getResponseHeaders().set(header.getKey(), header.getValue());
    }
    if (response.body() == null) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    byte[] body = JSON.writeValueAsBytes(response.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
