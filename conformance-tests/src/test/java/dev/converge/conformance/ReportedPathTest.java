package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportedPathTest {

  @Test
  void dotted_paths_split_on_dots_only_so_slashes_stay_in_keys() {
    assertThat(ReportedPath.parse("files.__drift.motd/content").segments())
        .containsExactly("files", "__drift", "motd/content");
  }

  @Test
  void pointers_are_unescaped_and_render_back_the_same() {
    ReportedPath p = ReportedPath.parse("/files/__drift/motd~1content/a~0b");
    assertThat(p.segments()).containsExactly("files", "__drift", "motd/content", "a~b");
    assertThat(p.pointer()).isEqualTo("/files/__drift/motd~1content/a~0b");
  }

  @Test
  void empty_paths_and_empty_dotted_segments_are_refused() {
    assertThatThrownBy(() -> ReportedPath.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReportedPath.parse("files..motd")).hasMessageContaining("empty segment");
  }

  @Test
  void find_walks_objects_and_array_indexes() throws Exception {
    var doc = JsonText.MAPPER.readTree("{\"a\":{\"l\":[{\"x\":1}]}}");
    assertThat(new ReportedPath(List.of("a", "l", "0", "x")).find(doc).intValue()).isEqualTo(1);
    assertThat(ReportedPath.parse("a.l.1").find(doc).isMissingNode()).isTrue();
    assertThat(ReportedPath.parse("a.l.x").find(doc).isMissingNode()).isTrue();
  }
}
