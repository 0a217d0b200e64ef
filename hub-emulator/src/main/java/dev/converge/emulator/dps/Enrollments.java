package dev.converge.emulator.dps;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Individual enrollments by registration id and groups by group id, both ignoring case. Thread-safe. */
final class Enrollments {

  private final Map<String, IndividualEnrollment> individuals = new TreeMap<>();
  private final Map<String, EnrollmentGroup> groups = new TreeMap<>();

  /** Adds or replaces; returns the replaced one. */
  synchronized Optional<IndividualEnrollment> put(IndividualEnrollment enrollment) {
    return Optional.ofNullable(individuals.put(RegistrationIdRules.key(enrollment.registrationId()), enrollment));
  }

  synchronized Optional<EnrollmentGroup> put(EnrollmentGroup group) {
    return Optional.ofNullable(groups.put(RegistrationIdRules.key(group.groupId()), group));
  }

  synchronized Optional<IndividualEnrollment> individual(String registrationId) {
    return Optional.ofNullable(individuals.get(RegistrationIdRules.key(registrationId)));
  }

  synchronized Optional<EnrollmentGroup> group(String groupId) {
    return Optional.ofNullable(groups.get(RegistrationIdRules.key(groupId)));
  }

  /** Sorted by registration id. */
  synchronized List<IndividualEnrollment> individuals() {
    return List.copyOf(individuals.values());
  }

  /** Sorted by group id. */
  synchronized List<EnrollmentGroup> groups() {
    return List.copyOf(groups.values());
  }

  synchronized Optional<IndividualEnrollment> removeIndividual(String registrationId) {
    return Optional.ofNullable(individuals.remove(RegistrationIdRules.key(registrationId)));
  }

  synchronized Optional<EnrollmentGroup> removeGroup(String groupId) {
    return Optional.ofNullable(groups.remove(RegistrationIdRules.key(groupId)));
  }

  /** Replaces everything with saved state. */
  synchronized void restore(
      Collection<IndividualEnrollment> savedIndividuals, Collection<EnrollmentGroup> savedGroups) {
    individuals.clear();
    groups.clear();
    savedIndividuals.forEach(this::put);
    savedGroups.forEach(this::put);
  }
}
