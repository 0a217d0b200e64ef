package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Every scenario file shipped with the suite, as dynamic tests: the recipes under {@code scenarios/} and the original
 * agent's validator files under {@code validator/}, one test each, named by its file. The in-build targets offer
 * every feature, so a scenario one of them cannot run ({@link ScenarioSkipped}) fails; only the remote runner
 * ({@code converge conformance}) reports such scenarios as skipped.
 */
final class ShippedScenarios {

  static final List<String> FOLDERS = List.of("scenarios", "validator");

  private ShippedScenarios() {}

  /** One dynamic test per shipped scenario file, each run against a fresh target made for that scenario. */
  static Stream<DynamicTest> against(Function<Scenario, Target> targets) {
    return FOLDERS.stream().flatMap(name -> {
      Path folder = folder(name);
      List<Path> files = ScenarioFiles.list(folder);
      assertThat(files).as("scenario files in %s", folder).isNotEmpty();
      return files.stream().map(file -> DynamicTest.dynamicTest(name + "/" + folder.relativize(file),
          file.toUri(), () -> {
            Scenario scenario = ScenarioFiles.read(folder, file);
            try (Target target = targets.apply(scenario)) {
              ScenarioRunner.run(scenario, target);
            } catch (ScenarioSkipped skipped) {
              // Both in-build targets offer every feature: a scenario they cannot run is a broken scenario or
              // target, not something to pass over.
              throw new AssertionError("an in-build target must run every shipped scenario: " + skipped.getMessage(),
                  skipped);
            }
          }));
    });
  }

  /** A folder of test resources: {@code scenarios} or {@code validator}. */
  static Path folder(String name) {
    URL url = ShippedScenarios.class.getClassLoader().getResource(name);
    assertThat(url).as("test resource folder %s", name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad resource URL " + url, e);
    }
  }
}
