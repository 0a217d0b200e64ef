package dev.converge.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds and reads scenario files: {@code *.yaml}/{@code *.yml} are Converge recipes, {@code *.json} the original
 * agent's DMValidator files.
 */
public final class ScenarioFiles {

  private ScenarioFiles() {}

  /** Every scenario file below {@code folder}, at any depth, in path order. */
  public static List<Path> list(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("no scenario folder at " + folder);
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).filter(ScenarioFiles::isScenario).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list scenarios in " + folder, e);
    }
  }

  /**
   * Reads a scenario file, named in messages by its path from {@code folder}'s parent, e.g.
   * {@code scenarios/files/apply.yaml}.
   *
   * @throws IllegalArgumentException when the file is not a well-formed scenario, saying where
   */
  public static Scenario read(Path folder, Path file) {
    Path base = folder.toAbsolutePath().normalize();
    Path f = file.toAbsolutePath().normalize();
    String name = base.getFileName() + "/" + base.relativize(f).toString().replace('\\', '/');
    try {
      return read(name, Files.readString(f, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + f, e);
    }
  }

  /** Reads scenario text; {@code name} decides the format by its extension. */
  public static Scenario read(String name, String text) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return ValidatorFormat.read(name, text);
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return RecipeFormat.read(name, text);
    }
    throw new IllegalArgumentException(name + ": not a scenario file (expected .yaml, .yml or .json)");
  }

  private static boolean isScenario(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }
}
