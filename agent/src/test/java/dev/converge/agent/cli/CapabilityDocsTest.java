package dev.converge.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.agent.runtime.DefinitionSet;
import dev.converge.engine.definition.CapabilityDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed capability pages are what {@code converge docs} generates today: docs cannot go stale. */
class CapabilityDocsTest {

  private static final Path DOCS = Path.of("..", "docs", "capabilities");

  @Test
  void every_bundled_capability_has_an_up_to_date_page() throws IOException {
    DefinitionSet bundled = DefinitionSet.bundled();
    assertThat(bundled.definitions()).isNotEmpty();
    for (CapabilityDefinition d : bundled.definitions()) {
      Path page = DOCS.resolve(d.id() + ".md");
      assertThat(page).as("run: ./converge docs --out docs/capabilities").exists();
      assertThat(Files.readString(page)).as("%s is stale; run: ./converge docs --out docs/capabilities", page)
          .isEqualTo(CapabilityPage.render(d));
    }
  }

  @Test
  void the_files_page_documents_properties_nodes_and_an_example() {
    CapabilityDefinition files = DefinitionSet.bundled().definitions().stream()
        .filter(d -> d.id().equals("files")).findFirst().orElseThrow();

    String page = CapabilityPage.render(files);

    assertThat(page).contains("| `path` | string, required |").contains("`./Files{path}/Content`")
        .contains("deleted when `state` is `absent`").contains("## Example").contains("\"motd\"");
  }
}
