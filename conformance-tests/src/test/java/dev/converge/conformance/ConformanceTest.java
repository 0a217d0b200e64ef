package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario file, one dynamic test each, named by its file: the recipes under {@code scenarios/} and the
 * original agent's validator files under {@code validator/}. Each runs against a fresh {@link EngineTarget}.
 */
class ConformanceTest {

  private static final List<String> FOLDERS = List.of("scenarios", "validator");

  @TestFactory
  Stream<DynamicTest> every_scenario_file_holds_against_the_engine_and_files_adapter() {
    return FOLDERS.stream().flatMap(name -> {
      Path folder = resourceFolder(name);
      List<Path> files = ScenarioFiles.list(folder);
      assertThat(files).as("scenario files in %s", folder).isNotEmpty();
      return files.stream().map(file -> DynamicTest.dynamicTest(name + "/" + folder.relativize(file),
          file.toUri(), () -> {
            Scenario scenario = ScenarioFiles.read(folder, file);
            try (EngineTarget target = EngineTarget.start()) {
              ScenarioRunner.run(scenario, target);
            }
          }));
    });
  }

  private static Path resourceFolder(String name) {
    URL url = ConformanceTest.class.getClassLoader().getResource(name);
    assertThat(url).as("test resource folder %s", name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad resource URL " + url, e);
    }
  }
}
