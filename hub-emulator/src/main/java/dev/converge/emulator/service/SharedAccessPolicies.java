package dev.converge.emulator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.auth.Keyring;
import dev.converge.emulator.hub.StateSection;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The hub's shared access policies: named key pairs that sign service tokens ({@code skn=<name>}). A new hub gets
 * {@value #OWNER} with fresh keys, as IoT Hub creates it; the keys are durable ({@link StateSection}), so a connection
 * string handed out once keeps working across restarts. Only {@value #OWNER}, which grants every service permission,
 * exists; IoT Hub's narrower default policies ({@code service}, {@code registryRead}, ...) are not emulated.
 * Thread-safe.
 */
public final class SharedAccessPolicies implements StateSection {

  /** The policy with every permission, as IoT Hub names it. */
  public static final String OWNER = "iothubowner";

  private volatile Map<String, AccessKeys> policies;

  private SharedAccessPolicies(Map<String, AccessKeys> policies) {
    this.policies = Map.copyOf(policies);
  }

  /** {@value #OWNER} with two fresh keys; loading saved state replaces them. */
  public static SharedAccessPolicies generate(SecureRandom random) {
    return new SharedAccessPolicies(Map.of(OWNER, AccessKeys.generate(random)));
  }

  /** The keys that may sign service tokens, by policy name. */
  public Keyring keyring() {
    return Keyring.ofPolicies(policies);
  }

  /** The keys of {@code name}. */
  public AccessKeys keys(String name) {
    AccessKeys keys = policies.get(name);
    if (keys == null) {
      throw new IllegalArgumentException("no shared access policy '" + name + "'; there is " + policies.keySet());
    }
    return keys;
  }

  /** {@code HostName=<host>;SharedAccessKeyName=iothubowner;SharedAccessKey=<primary key>}: a secret. */
  public String connectionString(String hostName) {
    return "HostName=" + Objects.requireNonNull(hostName, "hostName") + ";SharedAccessKeyName=" + OWNER
        + ";SharedAccessKey=" + keys(OWNER).primary();
  }

  @Override
  public String name() {
    return "sharedAccessPolicies";
  }

  @Override
  public JsonNode save() {
    ObjectNode saved = JsonNodeFactory.instance.objectNode();
    policies.forEach((name, keys) ->
        saved.putObject(name).put("primaryKey", keys.primary()).put("secondaryKey", keys.secondary()));
    return saved;
  }

  @Override
  public void load(JsonNode saved) {
    Map<String, AccessKeys> loaded = new LinkedHashMap<>();
    saved.properties().forEach(e -> loaded.put(e.getKey(),
        new AccessKeys(e.getValue().path("primaryKey").asText(), e.getValue().path("secondaryKey").asText())));
    if (!loaded.containsKey(OWNER)) {
      throw new IllegalArgumentException("the saved policies lack '" + OWNER + "': " + loaded.keySet());
    }
    policies = Map.copyOf(loaded);
  }

  @Override
  public String toString() {
    return "SharedAccessPolicies" + policies.keySet();
  }
}
