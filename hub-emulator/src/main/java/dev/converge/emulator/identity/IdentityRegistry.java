package dev.converge.emulator.identity;

import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.wire.IfMatch;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The hub's identity registry: devices and their modules, at most 50 modules per device as IoT Hub allows.
 * Thread-safe; every read returns immutable values.
 */
public final class IdentityRegistry {

  static final int MAX_MODULES_PER_DEVICE = 50;

  private final TreeMap<IdentityId, Identity> identities = new TreeMap<>();
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public IdentityRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Registers {@code id}. Null credentials mean "generate two symmetric keys", as IoT Hub does when a device is
   * created without keys.
   *
   * @throws RegistryException 400 for a bad id or a module of an unknown device, 409 if it exists
   */
  public synchronized Identity create(IdentityId id, @Nullable Credentials credentials, boolean enabled) {
    IdentityRules.problem(id).ifPresent(p -> {
      throw RegistryException.invalid(p);
    });
    if (identities.containsKey(id)) {
      throw RegistryException.exists(id);
    }
    if (id.isModule()) {
      IdentityId device = IdentityId.device(id.deviceId());
      if (!identities.containsKey(device)) {
        throw RegistryException.notFound(device);
      }
      if (modules(id.deviceId()).size() >= MAX_MODULES_PER_DEVICE) {
        throw new RegistryException(
            403, 403004, "device " + id.deviceId() + " already has " + MAX_MODULES_PER_DEVICE + " modules");
      }
    }
    Credentials creds = credentials == null ? new Credentials.SymmetricKey(newKey(), newKey()) : credentials;
    Identity identity = new Identity(id, creds, enabled, token(), token(), clock.instant(), "");
    identities.put(id, identity);
    return identity;
  }

  /**
   * Replaces the credentials and status of {@code id}, if its etag matches {@code ifMatch} ({@code *} for any).
   * Null credentials keep the current ones.
   */
  public synchronized Identity update(
      IdentityId id, @Nullable Credentials credentials, boolean enabled, String ifMatch) {
    Identity current = get(id).orElseThrow(() -> RegistryException.notFound(id));
    if (!IfMatch.matches(ifMatch, current.etag())) {
      throw RegistryException.etagMismatch(id, ifMatch, current.etag());
    }
    Identity updated =
        new Identity(
            id,
            credentials == null ? current.credentials() : credentials,
            enabled,
            current.generationId(),
            token(),
            current.created(),
            current.managedBy());
    identities.put(id, updated);
    return updated;
  }

  /** Removes {@code id}; removing a device removes its modules too. Returns what was removed. */
  public synchronized List<IdentityId> delete(IdentityId id, String ifMatch) {
    Identity current = get(id).orElseThrow(() -> RegistryException.notFound(id));
    if (!IfMatch.matches(ifMatch, current.etag())) {
      throw RegistryException.etagMismatch(id, ifMatch, current.etag());
    }
    List<IdentityId> removed = new ArrayList<>();
    if (!id.isModule()) {
      for (Identity module : modules(id.deviceId())) {
        removed.add(module.id());
      }
    }
    removed.add(id);
    removed.forEach(identities::remove);
    return removed;
  }

  public synchronized Optional<Identity> get(IdentityId id) {
    return Optional.ofNullable(identities.get(id));
  }

  /** Every device (not modules), sorted by id. */
  public synchronized List<Identity> devices() {
    return identities.values().stream().filter(i -> !i.id().isModule()).toList();
  }

  /** The modules of {@code deviceId}, sorted by id. */
  public synchronized List<Identity> modules(String deviceId) {
    return identities.values().stream()
        .filter(i -> i.id().isModule() && i.id().deviceId().equals(deviceId))
        .toList();
  }

  /** Every identity, devices and modules, sorted. */
  public synchronized List<Identity> all() {
    return List.copyOf(identities.values());
  }

  /** Puts back identities loaded from durable state, replacing everything. */
  public synchronized void restore(Collection<Identity> saved) {
    identities.clear();
    saved.forEach(i -> identities.put(i.id(), i));
  }

  /** A new random 256-bit key, Base64, as IoT Hub generates. */
  public String newKey() {
    return AccessKeys.newKey(random);
  }

  private String token() {
    byte[] bytes = new byte[9];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

}
