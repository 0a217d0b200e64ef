package dev.converge.conformance;

import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every shipped scenario file ({@link ShippedScenarios}) against the real agent: one {@link LocalHub} for the
 * class, and for each scenario a new device identity with its own agent on a fresh root ({@link AgentHubTarget}),
 * connected through the official device SDK. The same files as {@link ConformanceTest}, unchanged: what passes
 * against the engine alone must pass through the hub.
 */
@ExtendWith(LocalHubExtension.class)
class AgentHubConformanceTest {

  private static final AtomicInteger DEVICES = new AtomicInteger();
  private static ReportedWatch watch;

  @BeforeAll
  static void watch_the_hub(LocalHub hub) {
    watch = ReportedWatch.on(hub);
  }

  @TestFactory
  Stream<DynamicTest> every_scenario_file_holds_against_the_agent_behind_a_local_hub() {
    return ShippedScenarios.against(scenario -> AgentHubTarget.start(watch, deviceId(scenario)));
  }

  /** {@code dut-3-files-apply}: numbered, so a scenario run twice still gets a new identity, and readable. */
  static String deviceId(Scenario scenario) {
    String slug = scenario.name().replaceFirst("\\.[a-z]+$", "").replaceFirst("^[a-z]+/", "")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return "dut-" + DEVICES.incrementAndGet() + "-" + slug;
  }
}
