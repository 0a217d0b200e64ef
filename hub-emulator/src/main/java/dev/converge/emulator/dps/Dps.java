package dev.converge.emulator.dps;

import com.sun.net.httpserver.HttpHandler;
import dev.converge.emulator.auth.SasVerifier;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.mqtt.MqttService;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The emulated Device Provisioning Service for one hub: the in-process enrollment API, plus the device endpoints,
 * {@link #mqttService()} for the shared MQTT port and {@link #httpsHandler()} for {@link #httpsPathPrefix()}.
 *
 * <p>Create it before the hub's state is loaded ({@link Hub#load()}): it adds the durable {@code dps} section, which
 * holds enrollments, groups and registration records. Every assignment goes to this one hub. Thread-safe.
 */
public final class Dps {

  /**
   * How long MQTT replies wait before leaving, see {@link DpsMqttSession}. Long enough for the Java provisioning
   * client to start waiting, far below its timeouts.
   */
  public static final Duration MQTT_REPLY_DELAY = Duration.ofMillis(100);

  private final Hub hub;
  private final String idScope;
  private final Enrollments enrollments = new Enrollments();
  private final Registrations registrations = new Registrations();
  private final DpsMqttService mqtt;
  private final DpsHttpsHandler https;

  /**
   * @param hub the hub devices are assigned to; its state must not be loaded yet
   * @param idScope the ID scope devices register under
   * @param hubHostName the {@code assignedHub} devices are told, e.g. {@code localhub.azure-devices.net}
   */
  public Dps(Hub hub, String idScope, String hubHostName) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.idScope = Objects.requireNonNull(idScope, "idScope");
    Objects.requireNonNull(hubHostName, "hubHostName");
    Attester attester = new Attester(idScope, enrollments, new SasVerifier(hub.clock()));
    RuntimeRegistration runtime = new RuntimeRegistration(
        new Provisioner(hub, hubHostName, registrations, hub.clock()), new Operations(), hub.clock());
    this.mqtt = new DpsMqttService(idScope, attester, runtime, MQTT_REPLY_DELAY);
    this.https = new DpsHttpsHandler(idScope, attester, runtime, hub.clock());
    hub.addSection(new DpsState(enrollments, registrations));
  }

  public String idScope() {
    return idScope;
  }

  /** DPS on the MQTT port; list it with the hub's own service (it serves only DPS user names). */
  public MqttService mqttService() {
    return mqtt;
  }

  /** The Runtime Registration REST API; route {@link #httpsPathPrefix()} here on the HTTPS port (443). */
  public HttpHandler httpsHandler() {
    return https;
  }

  /** {@code /{idScope}/registrations/}: every DPS device request starts with it. */
  public String httpsPathPrefix() {
    return "/" + idScope + "/registrations/";
  }

  /** Adds or replaces the individual enrollment of its registration id; returns the replaced one. */
  public Optional<IndividualEnrollment> enroll(IndividualEnrollment enrollment) {
    Optional<IndividualEnrollment> previous = enrollments.put(Objects.requireNonNull(enrollment, "enrollment"));
    hub.changed();
    return previous;
  }

  /** Adds or replaces the group of its id; returns the replaced one. */
  public Optional<EnrollmentGroup> enroll(EnrollmentGroup group) {
    Optional<EnrollmentGroup> previous = enrollments.put(Objects.requireNonNull(group, "group"));
    hub.changed();
    return previous;
  }

  public Optional<IndividualEnrollment> individualEnrollment(String registrationId) {
    return enrollments.individual(registrationId);
  }

  /** Sorted by registration id (ignoring case). */
  public List<IndividualEnrollment> individualEnrollments() {
    return enrollments.individuals();
  }

  public Optional<EnrollmentGroup> enrollmentGroup(String groupId) {
    return enrollments.group(groupId);
  }

  /** Sorted by group id (ignoring case). */
  public List<EnrollmentGroup> enrollmentGroups() {
    return enrollments.groups();
  }

  /**
   * Removes the individual enrollment and its registration record, as DPS does. A device already assigned stays in
   * the hub. Returns whether there was one.
   */
  public boolean removeIndividualEnrollment(String registrationId) {
    boolean removed = enrollments.removeIndividual(registrationId).isPresent();
    if (removed) {
      registrations.remove(registrationId);
      hub.changed();
    }
    return removed;
  }

  /** Removes the group and the registration records it made; its devices stay in the hub. */
  public boolean removeEnrollmentGroup(String groupId) {
    boolean removed = enrollments.removeGroup(groupId).isPresent();
    if (removed) {
      registrations.removeGroup(groupId);
      hub.changed();
    }
    return removed;
  }

  /** The last registration of {@code registrationId}, whatever its outcome. */
  public Optional<DeviceRegistration> registration(String registrationId) {
    return registrations.get(registrationId);
  }

  /** Every registration record, sorted by registration id (ignoring case). */
  public List<DeviceRegistration> registrations() {
    return registrations.all();
  }
}
