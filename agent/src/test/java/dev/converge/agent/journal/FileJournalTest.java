package dev.converge.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.converge.engine.journal.JournalProblem;
import dev.converge.engine.journal.JournalRecorder;
import dev.converge.engine.journal.JournalVerifier;
import dev.converge.engine.journal.Verification;
import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.Clock;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJournalTest {

  private static final Clock CLOCK = () -> Instant.parse("2026-11-26T04:00:00Z");

  @TempDir Path dir;

  private Path journalFile() {
    return dir.resolve("var/lib/converge/journal.jsonl");
  }

  @Test
  void records_survive_reopening_in_order() {
    FileJournal journal = new FileJournal(journalFile());
    journal.append("{\"seq\":1}");
    journal.append("{\"seq\":2}");
    journal.append("{\"seq\":3}");

    assertThat(new FileJournal(journalFile()).records()).containsExactly("{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}");
  }

  @Test
  void each_record_is_one_line_ending_in_a_newline() throws Exception {
    FileJournal journal = new FileJournal(journalFile());
    journal.append("first");
    journal.append("Zürich");

    assertThat(Files.readString(journalFile(), StandardCharsets.UTF_8)).isEqualTo("first\nZürich\n");
  }

  @Test
  void the_first_append_creates_parent_directories_and_a_file_only_the_owner_can_read() throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");

    new FileJournal(journalFile()).append("x");

    assertThat(Files.isDirectory(journalFile().getParent())).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journalFile()))).isEqualTo("rw-------");
  }

  @Test
  void a_missing_file_has_no_records_and_reading_creates_nothing() {
    FileJournal journal = new FileJournal(journalFile());

    assertThat(journal.records()).isEmpty();
    assertThat(journalFile().getParent()).doesNotExist();
  }

  @Test
  void a_torn_last_line_is_returned_and_the_next_append_starts_a_new_line() throws Exception {
    Files.createDirectories(journalFile().getParent());
    Files.writeString(journalFile(), "{\"seq\":1}\n{\"seq\":2,\"ti");
    FileJournal journal = new FileJournal(journalFile());

    assertThat(journal.records()).containsExactly("{\"seq\":1}", "{\"seq\":2,\"ti");

    journal.append("{\"seq\":3}");

    assertThat(Files.readString(journalFile())).isEqualTo("{\"seq\":1}\n{\"seq\":2,\"ti\n{\"seq\":3}\n");
    assertThat(new FileJournal(journalFile()).records())
        .containsExactly("{\"seq\":1}", "{\"seq\":2,\"ti", "{\"seq\":3}");
  }

  @Test
  void an_empty_existing_file_gets_no_leading_newline() throws Exception {
    Files.createDirectories(journalFile().getParent());
    Files.createFile(journalFile());

    new FileJournal(journalFile()).append("a");

    assertThat(Files.readString(journalFile())).isEqualTo("a\n");
  }

  @Test
  void a_record_with_a_line_break_is_refused() {
    FileJournal journal = new FileJournal(journalFile());

    assertThatThrownBy(() -> journal.append("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThat(journal.records()).isEmpty();
  }

  @Test
  void a_failed_append_names_the_file() throws Exception {
    Path blocker = dir.resolve("not-a-directory");
    Files.writeString(blocker, "");
    FileJournal journal = new FileJournal(blocker.resolve("journal.jsonl"));

    assertThatThrownBy(() -> journal.append("x"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot append to journal " + blocker.resolve("journal.jsonl"));
  }

  @Test
  void a_failed_read_names_the_file() throws Exception {
    Files.createDirectories(journalFile());

    assertThatThrownBy(() -> new FileJournal(journalFile()).records())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot read journal " + journalFile());
  }

  @Test
  void appends_from_many_threads_each_land_on_a_whole_line() throws Exception {
    FileJournal journal = new FileJournal(journalFile());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            journal.append("t" + thread + "-" + i);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(journal.records()).hasSize(100).allMatch(r -> r.matches("t\\d-\\d+"));
  }

  @Test
  void after_a_torn_write_the_engine_recovers_and_nothing_is_lost() throws Exception {
    FileJournal journal = new FileJournal(journalFile());
    JournalRecorder recorder = JournalRecorder.open(journal, CLOCK);
    long seq = recorder.intent(GroupKey.of("timeInfo"), "./Device/Time/Zone", "replace", NodeValue.of("UTC"),
        NodeValue.of("Europe/Berlin"), 17, "tz-eu");
    recorder.outcome(seq, "applied", NodeValue.of("Europe/Berlin"), null);
    // power loss in the middle of the outcome line
    String text = Files.readString(journalFile());
    String torn = text.substring(0, text.length() - 50);
    Files.writeString(journalFile(), torn);

    JournalRecorder reopened = JournalRecorder.open(new FileJournal(journalFile()), CLOCK);
    reopened.outcome(seq, "completedAfterRestart", NodeValue.of("Europe/Berlin"), null);

    assertThat(reopened.replay().problem()).map(JournalProblem::kind).hasValue(JournalProblem.Kind.TORN_TAIL);
    assertThat(Files.readString(journalFile())).startsWith(torn + "\n");
    Verification v = JournalVerifier.verify(new FileJournal(journalFile()).records());
    assertThat(v.intact()).as(v.summary()).isTrue();
    assertThat(v.recoveries()).singleElement().satisfies(r -> {
      assertThat(r.fromLine()).isEqualTo(2);
      assertThat(r.line()).isEqualTo(3);
    });
    assertThat(v.entries()).isEqualTo(3);
  }
}
