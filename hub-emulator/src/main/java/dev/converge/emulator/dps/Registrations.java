package dev.converge.emulator.dps;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The last {@link DeviceRegistration} of every registration id (ignoring case). Thread-safe. */
final class Registrations {

  private final Map<String, DeviceRegistration> byId = new TreeMap<>();

  synchronized void put(DeviceRegistration registration) {
    byId.put(RegistrationIdRules.key(registration.registrationId()), registration);
  }

  synchronized Optional<DeviceRegistration> get(String registrationId) {
    return Optional.ofNullable(byId.get(RegistrationIdRules.key(registrationId)));
  }

  /** Sorted by registration id. */
  synchronized List<DeviceRegistration> all() {
    return List.copyOf(byId.values());
  }

  synchronized void remove(String registrationId) {
    byId.remove(RegistrationIdRules.key(registrationId));
  }

  /** Forgets every registration a group admitted, as DPS does when the group is deleted. */
  synchronized void removeGroup(String groupId) {
    byId.values().removeIf(r -> groupId.equalsIgnoreCase(r.enrollmentGroupId()));
  }

  synchronized void restore(Collection<DeviceRegistration> saved) {
    byId.clear();
    saved.forEach(this::put);
  }
}
