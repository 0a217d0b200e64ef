package dev.converge.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.definition.Capability;
import dev.converge.engine.definition.CapabilityDefinition;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionLoader;
import dev.converge.engine.port.NodeAdapterProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every capability definition bundled with Converge loads without problems and is ready on a device that has this
 * module's adapters, after Leshan's {@code ValidateModelsTest}.
 */
class AllDefinitionsTest {

  private static final String FOLDER = "dev/converge/capabilities";

  /** One definition file: its name and text. */
  private record Source(String name, String text) {}

  @Test
  void finds_the_bundled_definitions_on_the_class_path() throws Exception {
    // Guards the tests below against passing on an empty scan.
    assertThat(bundled()).extracting(Source::name).contains("files.yaml");
  }

  @TestFactory
  Stream<DynamicTest> every_bundled_definition_loads_without_problems() throws Exception {
    DefinitionLoader loader = DefinitionLoader.create(DefinitionLoader.SchemaLookup.bundled());
    return bundled().stream().map(source -> DynamicTest.dynamicTest(source.name(), () -> {
      DefinitionLoader.Result result = loader.load(source.name(), source.text());

      assertThat(result.problems()).as("problems in %s", source.name()).isEmpty();
      assertThat(result.isLoaded()).isTrue();
    }));
  }

  @Test
  void every_bundled_capability_is_ready_with_the_adapters_service_loader_finds() throws Exception {
    DefinitionLoader loader = DefinitionLoader.create(DefinitionLoader.SchemaLookup.bundled());
    List<CapabilityDefinition> definitions = new ArrayList<>();
    for (Source source : bundled()) {
      DefinitionLoader.Result result = loader.load(source.name(), source.text());
      assertThat(result.problems()).as("problems in %s", source.name()).isEmpty();
      definitions.add(Objects.requireNonNull(result.definition()));
    }

    CapabilityRegistry registry = CapabilityRegistry.of(definitions, adapterIds());

    assertThat(registry.problems()).isEmpty();
    assertThat(registry.all()).hasSameSizeAs(definitions)
        .allSatisfy(c -> assertThat(c.availability()).as("%s: %s", c.id(), c.errors())
            .isEqualTo(Capability.Availability.READY));
  }

  @Test
  void service_loader_finds_each_adapter_id_once() {
    List<String> ids = providerIds();

    assertThat(ids).doesNotHaveDuplicates().isNotEmpty();
  }

  private static Set<String> adapterIds() {
    return Set.copyOf(providerIds());
  }

  private static List<String> providerIds() {
    return ServiceLoader.load(NodeAdapterProvider.class).stream()
        .map(p -> p.get().id())
        .collect(Collectors.toList());
  }

  /** Every YAML file in the capabilities folder of every class path entry, jar or directory, sorted by name. */
  private static List<Source> bundled() throws IOException, URISyntaxException {
    List<Source> sources = new ArrayList<>();
    Enumeration<URL> folders = AllDefinitionsTest.class.getClassLoader().getResources(FOLDER);
    for (URL url : Collections.list(folders)) {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          sources.addAll(read(jar.getPath(FOLDER)));
        }
      } else {
        sources.addAll(read(Path.of(uri)));
      }
    }
    sources.sort((a, b) -> a.name().compareTo(b.name()));
    return sources;
  }

  private static List<Source> read(Path folder) throws IOException {
    List<Source> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).collect(Collectors.toList())) {
        sources.add(new Source(file.getFileName().toString(), Files.readString(file)));
      }
    }
    return sources;
  }
}
