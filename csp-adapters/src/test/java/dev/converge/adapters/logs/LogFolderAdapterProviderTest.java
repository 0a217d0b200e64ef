package dev.converge.adapters.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.adapters.exec.RecordingCommandRunner;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AdapterContext;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeAdapterProvider;
import dev.converge.engine.port.NodeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFolderAdapterProviderTest {

  @TempDir Path root;

  @Test
  void is_found_by_service_loader_under_the_id_logs() {
    assertThat(ServiceLoader.load(NodeAdapterProvider.class).stream().map(ServiceLoader.Provider::get))
        .filteredOn(p -> p.id().equals("logs"))
        .singleElement()
        .isInstanceOf(LogFolderAdapterProvider.class);
  }

  @Test
  void opens_an_adapter_on_the_context_root_and_the_folder_setting() throws IOException {
    Files.createDirectories(root.resolve("var/log/converge/agent"));
    Files.createDirectories(root.resolve("data/logs/app"));
    RecordingCommandRunner commands = new RecordingCommandRunner();

    try (NodeAdapter byDefault = new LogFolderAdapterProvider().open(
            new AdapterContext(root.toString(), () -> Instant.EPOCH, commands, Map.of()));
        NodeAdapter configured = new LogFolderAdapterProvider().open(
            new AdapterContext(root.toString(), () -> Instant.EPOCH, commands, Map.of("folder", "/data/logs")))) {
      NodePath folders = NodePath.of("./Logs/EnumerateFolders");

      assertThat(byDefault.exec(folders, NodeValue.Obj.empty()).valueOrAbsent().toJsonText())
          .isEqualTo("{\"list\":[\"agent\"]}");
      assertThat(configured.exec(folders, NodeValue.Obj.empty())).isInstanceOf(NodeResult.Ok.class)
          .extracting(r -> r.valueOrAbsent().toJsonText()).isEqualTo("{\"list\":[\"app\"]}");
    }
    assertThat(commands.calls()).isEmpty();
  }
}
