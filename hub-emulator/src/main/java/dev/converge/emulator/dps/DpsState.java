package dev.converge.emulator.dps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.hub.StateSection;
import java.util.ArrayList;
import java.util.List;

/** The durable part of DPS in the hub state: enrollments, groups and registration records. */
final class DpsState implements StateSection {

  private final Enrollments enrollments;
  private final Registrations registrations;

  DpsState(Enrollments enrollments, Registrations registrations) {
    this.enrollments = enrollments;
    this.registrations = registrations;
  }

  @Override
  public String name() {
    return "dps";
  }

  @Override
  public JsonNode save() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    ArrayNode individuals = node.putArray("individualEnrollments");
    enrollments.individuals().forEach(e -> individuals.add(EnrollmentJson.individual(e)));
    ArrayNode groups = node.putArray("enrollmentGroups");
    enrollments.groups().forEach(g -> groups.add(EnrollmentJson.group(g)));
    ArrayNode states = node.putArray("registrations");
    registrations.all().forEach(r -> states.add(RegistrationJson.saved(r)));
    return node;
  }

  @Override
  public void load(JsonNode saved) {
    List<IndividualEnrollment> individuals = new ArrayList<>();
    saved.path("individualEnrollments").forEach(n -> individuals.add(EnrollmentJson.individual(n)));
    List<EnrollmentGroup> groups = new ArrayList<>();
    saved.path("enrollmentGroups").forEach(n -> groups.add(EnrollmentJson.group(n)));
    List<DeviceRegistration> states = new ArrayList<>();
    saved.path("registrations").forEach(n -> states.add(RegistrationJson.fromSaved(n)));
    enrollments.restore(individuals, groups);
    registrations.restore(states);
  }
}
