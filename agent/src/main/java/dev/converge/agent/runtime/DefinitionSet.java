package dev.converge.agent.runtime;

import dev.converge.engine.definition.CapabilityDefinition;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionLoader;
import dev.converge.engine.definition.DefinitionProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Capability definitions read from folders (an OEM's) or, when no folder is given, the set bundled with Converge.
 * Schemas are looked up next to each definition first, then among the bundled schemas. Every problem is kept with
 * its file and line; files with problems are left out and the others load.
 */
public record DefinitionSet(List<CapabilityDefinition> definitions, List<DefinitionProblem> problems) {

  private static final String BUNDLED = "dev/converge/capabilities";

  public DefinitionSet {
    definitions = List.copyOf(definitions);
    problems = List.copyOf(problems);
  }

  /** Loads every {@code *.yaml} / {@code *.yml} in the folders (not recursive), in name order. */
  public static DefinitionSet fromFolders(List<Path> folders) {
    List<CapabilityDefinition> defs = new ArrayList<>();
    List<DefinitionProblem> problems = new ArrayList<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        problems.add(new DefinitionProblem(folder.toString(), 0, 0, "", folder.toString(),
            "definitions folder does not exist or is not a folder"));
        continue;
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(folder)) {
        files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$")).sorted().collect(Collectors.toList());
      } catch (IOException e) {
        problems.add(new DefinitionProblem(folder.toString(), 0, 0, "", folder.toString(),
            "cannot list definitions folder: " + e.getMessage()));
        continue;
      }
      DefinitionLoader loader = DefinitionLoader.create((source, schema) -> nextTo(folder, schema));
      for (Path file : files) {
        String name = file.toString();
        Optional<String> text = read(file, problems);
        text.ifPresent(t -> collect(loader.load(name, t), defs, problems));
      }
    }
    return new DefinitionSet(defs, problems);
  }

  /** The definitions bundled with Converge (the {@code capability-definitions} module on the class path). */
  public static DefinitionSet bundled() {
    List<CapabilityDefinition> defs = new ArrayList<>();
    List<DefinitionProblem> problems = new ArrayList<>();
    DefinitionLoader loader = DefinitionLoader.create(DefinitionLoader.SchemaLookup.bundled());
    try {
      for (URL url : Collections.list(DefinitionSet.class.getClassLoader().getResources(BUNDLED))) {
        withFolder(url.toURI(), folder -> {
          try (Stream<Path> s = Files.list(folder)) {
            for (Path file : s.filter(p -> p.toString().matches(".*\\.ya?ml$")).sorted().toList()) {
              read(file, problems).ifPresent(t -> collect(loader.load(file.getFileName().toString(), t), defs,
                  problems));
            }
          }
        });
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot read the bundled capability definitions", e);
    }
    return new DefinitionSet(defs, problems);
  }

  /** Resolves the definitions against the adapters this device has. */
  public CapabilityRegistry resolve(Set<String> adapterIds) {
    return CapabilityRegistry.of(definitions, adapterIds);
  }

  private static void collect(DefinitionLoader.Result r, List<CapabilityDefinition> defs,
      List<DefinitionProblem> problems) {
    problems.addAll(r.problems());
    if (r.definition() != null) {
      defs.add(r.definition());
    }
  }

  private static Optional<String> nextTo(Path folder, String schema) {
    Path file = folder.resolve(schema);
    if (Files.isRegularFile(file)) {
      try {
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema " + file, e);
      }
    }
    return DefinitionLoader.readBundledSchema(schema);
  }

  private static Optional<String> read(Path file, List<DefinitionProblem> problems) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (CharacterCodingException e) {
      problems.add(new DefinitionProblem(file.toString(), 0, 0, "", file.toString(), "file is not UTF-8 text"));
    } catch (NoSuchFileException e) {
      problems.add(new DefinitionProblem(file.toString(), 0, 0, "", file.toString(), "file disappeared while loading"));
    } catch (IOException e) {
      problems.add(new DefinitionProblem(file.toString(), 0, 0, "", file.toString(), "cannot read: " + e.getMessage()));
    }
    return Optional.empty();
  }

  private interface FolderAction {
    void accept(Path folder) throws IOException;
  }

  /** Runs the action on a class-path folder, whether it is a directory or inside a jar. */
  private static void withFolder(URI uri, FolderAction action) throws IOException {
    if (!"jar".equals(uri.getScheme())) {
      action.accept(Path.of(uri));
      return;
    }
    FileSystem fs;
    boolean opened = false;
    try {
      fs = FileSystems.getFileSystem(uri);
    } catch (FileSystemNotFoundException e) {
      fs = FileSystems.newFileSystem(uri, Map.of());
      opened = true;
    }
    try {
      action.accept(fs.provider().getPath(uri));
    } finally {
      if (opened) {
        fs.close();
      }
    }
  }
}
