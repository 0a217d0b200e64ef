package dev.converge.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.adapters.exec.RecordingCommandRunner;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AdapterContext;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeAdapterProvider;
import dev.converge.engine.port.NodeResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesAdapterProviderTest {

  @TempDir Path root;

  @Test
  void is_found_by_service_loader_under_the_id_files() {
    assertThat(ServiceLoader.load(NodeAdapterProvider.class).stream().map(ServiceLoader.Provider::get))
        .filteredOn(p -> p.id().equals("files"))
        .singleElement()
        .isInstanceOf(FilesAdapterProvider.class);
  }

  @Test
  void opens_an_adapter_that_acts_under_the_context_root() {
    RecordingCommandRunner commands = new RecordingCommandRunner();
    AdapterContext context = new AdapterContext(root.toString(), () -> Instant.EPOCH, commands, Map.of());

    try (NodeAdapter adapter = new FilesAdapterProvider().open(context)) {
      adapter.replace(NodePath.of("./Files/etc/hostname/Content"), NodeValue.of("edge-7\n"));

      assertThat(adapter.describe().id()).isEqualTo("files");
      assertThat(root.resolve("etc/hostname")).hasContent("edge-7\n");
      assertThat(adapter.get(NodePath.of("./Files/etc/hostname/Mode"))).isEqualTo(NodeResult.ok(NodeValue.of("0644")));
    }
    assertThat(commands.calls()).isEmpty();
  }
}
