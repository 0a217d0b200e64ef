package dev.converge.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.adapters.fs.RootedFiles;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.NodeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

class FilesAdapterProperties {

  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

  private Path sandbox;
  private Path root;
  private FilesAdapter adapter;

  @BeforeTry
  void open_adapter_on_a_root_three_folders_deep() throws IOException {
    // Deep enough that every escape generated below lands inside the sandbox, where the test can look for it.
    sandbox = Files.createTempDirectory("converge-files-properties");
    root = Files.createDirectories(sandbox.resolve("a/b/c/root"));
    adapter = new FilesAdapter(RootedFiles.of(root));
  }

  @AfterTry
  void remove_the_sandbox() throws IOException {
    try (Stream<Path> paths = Files.walk(sandbox)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

  @Property(tries = 200)
  void a_file_added_under_a_safe_path_reads_back_as_written(@ForAll("safePaths") List<String> segments,
      @ForAll("texts") String content, @ForAll("modes") String mode) throws IOException {
    NodePath node = NodePath.of("./Files/" + String.join("/", segments));
    NodeValue.Obj value = NodeValue.object("content", NodeValue.of(content), "mode", NodeValue.of(mode));

    assertThat(adapter.add(node, value)).isEqualTo(NodeResult.ok(value));

    assertThat(adapter.get(node)).isEqualTo(NodeResult.ok(value));
    assertThat(adapter.get(node.child("Content"))).isEqualTo(NodeResult.ok(NodeValue.of(content)));
    assertThat(adapter.get(node.child("Mode"))).isEqualTo(NodeResult.ok(NodeValue.of(mode)));
    Path file = root.resolve(String.join("/", segments));
    Files.setLastModifiedTime(file, LONG_AGO);
    assertThat(adapter.replace(node, value)).isEqualTo(NodeResult.ok(value));
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(LONG_AGO);
  }

  @Property(tries = 200)
  void a_path_that_climbs_out_of_the_root_writes_nothing_anywhere(@ForAll("escapingPaths") List<String> segments,
      @ForAll("texts") String content) throws IOException {
    NodePath node = NodePath.of("./Files/" + String.join("/", segments));
    String devicePath = "/" + String.join("/", segments);

    List<NodeResult> results = List.of(
        adapter.add(node, NodeValue.object("content", NodeValue.of(content))),
        adapter.replace(node.child("Content"), NodeValue.of(content)),
        adapter.replace(node.child("Mode"), NodeValue.of("0777")),
        adapter.delete(node));

    assertThat(results).allSatisfy(r -> {
      assertThat(r).isInstanceOf(NodeResult.Rejected.class);
      assertThat(((NodeResult.Rejected) r).parameters())
          .containsEntry("path", devicePath)
          .containsEntry("root", root.toString());
    });
    try (Stream<Path> paths = Files.walk(sandbox)) {
      assertThat(paths).containsExactlyInAnyOrder(sandbox, sandbox.resolve("a"), sandbox.resolve("a/b"),
          sandbox.resolve("a/b/c"), root);
    }
  }

  @Provide
  Arbitrary<List<String>> safePaths() {
    return safeSegments().list().ofMinSize(1).ofMaxSize(5);
  }

  /** Some folders down, more {@code ..} than that (at most three more: the sandbox depth), then a way on. */
  @Provide
  Arbitrary<List<String>> escapingPaths() {
    return Combinators.combine(safeSegments().list().ofMaxSize(3), Arbitraries.integers().between(1, 3),
        safeSegments().list().ofMinSize(1).ofMaxSize(3)).as((down, extra, onward) -> {
          List<String> path = new ArrayList<>(down);
          path.addAll(Collections.nCopies(down.size() + extra, ".."));
          path.addAll(onward);
          return path;
        });
  }

  /** Any text that UTF-8 can hold: surrogates come only in pairs. */
  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
        .ofMaxLength(300);
    Arbitrary<String> astral = Arbitraries.integers().between(0x10000, 0x10FFFF)
        .map(Character::toString).list().ofMaxSize(20).map(cs -> String.join("", cs));
    return Arbitraries.oneOf(bmp, astral, Arbitraries.of("", "\n", "line\r\nline\n", "ünïcödé ✓"));
  }

  /** Permission bits the owner can read and write, so the property holds when tests do not run as root. */
  @Provide
  Arbitrary<String> modes() {
    Arbitrary<Character> octal = Arbitraries.chars().range('0', '7');
    return Combinators.combine(Arbitraries.of('6', '7'), octal, octal).as((u, g, o) -> "0" + u + g + o);
  }

  /** File names a device may have, other than {@code .}, {@code ..} and the attribute names. */
  private static Arbitrary<String> safeSegments() {
    return Arbitraries.strings().alpha().numeric().withChars("._- äöü✓").ofMinLength(1).ofMaxLength(12)
        .filter(s -> !s.equals(".") && !s.equals("..") && !s.equals("Content") && !s.equals("Mode"));
  }
}
