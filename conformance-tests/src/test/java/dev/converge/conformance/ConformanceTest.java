package dev.converge.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every shipped scenario file ({@link ShippedScenarios}), one dynamic test each, against a fresh
 * {@link EngineTarget}: the engine in-process, fast, with a fake clock. {@code AgentHubConformanceTest} runs the same
 * files against the real agent behind a local hub.
 */
class ConformanceTest {

  @TestFactory
  Stream<DynamicTest> every_scenario_file_holds_against_the_engine_and_files_adapter() {
    return ShippedScenarios.against(scenario -> EngineTarget.start());
  }
}
