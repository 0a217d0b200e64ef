package dev.converge.emulator.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The keys that may sign for one request, found by the token's {@code skn} (key name).
 *
 * <p>IoT Hub tells the two kinds of token apart by {@code skn}: a device or module token has none and is signed with
 * that identity's own key, while a shared access policy token names its policy ({@code skn=iothubowner}). What DPS
 * clients send differs by SDK: the Java provisioning client 2.1.3 sends an empty {@code skn=} ({@code RegisterTask}),
 * while Node, C and the DPS documentation use {@code skn=registration}; a group-enrolled device signs with its derived
 * key and never sends the group's name. Names are compared ignoring case.
 */
public final class Keyring {

  private static final String NO_NAME = "";
  private static final String REGISTRATION = "registration";

  private final Map<String, AccessKeys> byName;

  private Keyring(Map<String, AccessKeys> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** A device or module identity: only tokens without {@code skn} (or with an empty one), signed with {@code keys}. */
  public static Keyring ofIdentity(AccessKeys keys) {
    return new Keyring(Map.of(NO_NAME, Objects.requireNonNull(keys, "keys")));
  }

  /**
   * A DPS enrollment: tokens with no {@code skn}, an empty one, or {@code skn=registration}, signed with {@code keys}
   * (for a group enrollment pass {@link AccessKeys#derivedFor} the registration id).
   */
  public static Keyring ofRegistration(AccessKeys keys) {
    Objects.requireNonNull(keys, "keys");
    return new Keyring(Map.of(NO_NAME, keys, REGISTRATION, keys));
  }

  /** Shared access policies by name, e.g. {@code iothubowner}, {@code service}, {@code registryRead}. */
  public static Keyring ofPolicies(Map<String, AccessKeys> policies) {
    Map<String, AccessKeys> byName = new LinkedHashMap<>();
    policies.forEach(
        (name, keys) -> {
          if (name.isBlank()) {
            throw new IllegalArgumentException("a shared access policy needs a name");
          }
          if (byName.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(keys, name)) != null) {
            throw new IllegalArgumentException("policy " + name + " is listed twice (names ignore case)");
          }
        });
    return new Keyring(byName);
  }

  /** Both keyrings' keys, e.g. a device's own key plus a policy allowed to connect as any device. */
  public Keyring and(Keyring other) {
    Map<String, AccessKeys> merged = new LinkedHashMap<>(byName);
    other.byName.forEach(
        (name, keys) -> {
          if (merged.put(name, keys) != null) {
            throw new IllegalArgumentException("key name '" + name + "' is in both keyrings");
          }
        });
    return new Keyring(merged);
  }

  /** The keys for a token's {@code skn}; {@code null} or empty means the token names no key. */
  public Optional<AccessKeys> keysFor(@Nullable String keyName) {
    String name = keyName == null ? NO_NAME : keyName.toLowerCase(Locale.ROOT);
    return Optional.ofNullable(byName.get(name));
  }

  /** The key names this keyring accepts, for messages ({@code (none)} stands for a token without skn). */
  String acceptedNames() {
    return byName.keySet().stream().sorted().map(n -> n.isEmpty() ? "(none)" : n).toList().toString();
  }

  @Override
  public String toString() {
    return "Keyring" + acceptedNames();
  }
}
