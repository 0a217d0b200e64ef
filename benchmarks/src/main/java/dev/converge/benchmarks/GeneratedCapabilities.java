package dev.converge.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code count} capability definitions in a folder, each a copy of the bundled {@code files} definition under its own
 * id and twin key ({@code bench01}, {@code bench02}, ...), all on the {@code files} adapter and its bundled schema;
 * and a desired document giving each one managed file.
 */
final class GeneratedCapabilities {

  private static final String FILES_DEFINITION = "dev/converge/capabilities/files.yaml";

  private final List<String> ids;

  private GeneratedCapabilities(List<String> ids) {
    this.ids = List.copyOf(ids);
  }

  /** Writes the definitions into {@code folder} (created if missing). */
  static GeneratedCapabilities write(Path folder, int count) {
    String files = bundledFilesDefinition();
    if (!files.contains("\nid: files\n")) {
      throw new IllegalStateException("the bundled files definition no longer has a line 'id: files'");
    }
    List<String> ids = new ArrayList<>();
    try {
      Files.createDirectories(folder);
      for (int i = 1; i <= count; i++) {
        String id = String.format(Locale.ROOT, "bench%02d", i);
        Files.writeString(folder.resolve(id + ".yaml"), files.replace("\nid: files\n", "\nid: " + id + "\n"));
        ids.add(id);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new GeneratedCapabilities(ids);
  }

  List<String> ids() {
    return ids;
  }

  /** One file per capability, {@code /etc/bench/<id>.conf}, 64 characters of content, mode 0644. */
  ObjectNode desired() {
    ObjectNode doc = LatencyProbe.JSON.createObjectNode();
    for (String id : ids) {
      ObjectNode group = doc.putObject(id);
      group.putObject("__meta").put("deploymentId", id + "-v1");
      ObjectNode item = group.putObject("conf");
      item.put("path", "/etc/bench/" + id + ".conf");
      item.put("content", (id + " managed by Converge ").repeat(4).substring(0, 63) + "\n");
      item.put("mode", "0644");
    }
    return doc;
  }

  private static String bundledFilesDefinition() {
    try (InputStream in = GeneratedCapabilities.class.getClassLoader().getResourceAsStream(FILES_DEFINITION)) {
      if (in == null) {
        throw new IllegalStateException(FILES_DEFINITION + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
