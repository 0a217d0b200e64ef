package dev.converge.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.agent.journal.FileJournal;
import dev.converge.engine.EngineFixture;
import dev.converge.engine.journal.JournalEntry;
import dev.converge.engine.model.NodeValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code converge journal verify} on a real journal file, written through {@link FileJournal} by a real engine,
 * then tampered with the ways an auditor must catch.
 */
class JournalVerifyCommandTest {

  @TempDir Path tmp;

  private Path data;
  private Path journal;


  private CliRun converge(String... args) {
    return CliRun.of(args);
  }

  /** Six entries: two writes (intent, outcome), a drift, and its remediation (intent, outcome). */
  @BeforeEach
  void write_a_journal_through_the_engine() {
    data = tmp.resolve("data");
    journal = data.resolve("journal.jsonl");
    EngineFixture f = new EngineFixture(EngineFixture.ALL, dev.converge.engine.port.InMemoryJournal.of(List.of()));
    // The fixture's engine journals in memory; copy each record through FileJournal as the agent would store it.
    f.converge("""
        {"settings": {"timeZone": "UTC", "ntpServer": "pool.ntp.org"}}
        """);
    f.device.set("./Device/Time/TimeZone", NodeValue.of("Asia/Tokyo"));
    f.advance(Duration.ofMinutes(1));
    FileJournal file = new FileJournal(journal);
    f.journal.records().forEach(file::append);
    assertThat(file.records()).hasSize(7);
  }

  private List<String> lines() throws IOException {
    return new ArrayList<>(Files.readAllLines(journal, StandardCharsets.UTF_8));
  }

  private void write(List<String> lines) throws IOException {
    Files.writeString(journal, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void an_intact_journal_is_ok_with_its_entry_count_and_last_hash() throws IOException {
    String lastHash = JournalEntry.parse(lines().get(6)).hash();

    CliRun r = converge("journal", "verify", "--data", data.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("OK: " + journal + ": hash chain intact; 7 entries, last seq 7\n")
        .contains("last hash " + lastHash);
  }

  @Test
  void an_edited_value_is_a_hash_mismatch_at_its_line_with_expected_and_found_hash() throws IOException {
    List<String> lines = lines();
    String original = lines.get(1);
    assertThat(original).contains("\"after\":\"UTC\"");
    lines.set(1, original.replace("\"after\":\"UTC\"", "\"after\":\"Europe/Paris\""));
    write(lines);
    JournalEntry edited = JournalEntry.parse(lines.get(1));

    CliRun r = converge("journal", "verify", "--file", journal.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith("BROKEN: " + journal + ": the hash chain breaks at line 2 (seq 2): hash mismatch")
        .contains("expected hash     " + edited.expectedHash())
        .contains("found    hash     " + edited.hash())
        .contains("reason: the outcome entry with seq 2")
        .contains("1 entry intact, last seq 1");
  }

  @Test
  void a_deleted_line_breaks_the_chain_at_the_next_line_naming_the_missing_seq() throws IOException {
    List<String> lines = lines();
    String hashOfLine2 = JournalEntry.parse(lines.get(1)).hash();
    String prevOfLine4 = JournalEntry.parse(lines.get(3)).prevHash();
    lines.remove(2);
    write(lines);

    CliRun r = converge("journal", "verify", "--file", journal.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("breaks at line 3 (seq 4): chain broken")
        .contains("expected prevHash " + hashOfLine2)
        .contains("found    prevHash " + prevOfLine4)
        .contains("the entry with seq 3 is missing");
  }

  @Test
  void a_torn_last_line_is_reported_with_its_seq_and_why() throws IOException {
    List<String> lines = lines();
    lines.set(6, lines.get(6).substring(0, 40));
    Files.writeString(journal, String.join("\n", lines), StandardCharsets.UTF_8); // no final line break

    CliRun r = converge("journal", "verify", "--file", journal.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("breaks at line 7 (seq 7): torn tail").contains("a write was cut off")
        .contains("6 entries intact, last seq 6");
  }

  @Test
  void a_torn_tail_the_agent_recovered_from_is_intact_and_lists_the_recovery() throws IOException {
    List<String> lines = lines();
    lines.set(6, lines.get(6).substring(0, 40));
    Files.writeString(journal, String.join("\n", lines), StandardCharsets.UTF_8);
    // The agent opens the journal again: it sets the torn line aside with a recovery entry.
    dev.converge.engine.journal.JournalRecorder.open(new FileJournal(journal),
        () -> java.time.Instant.parse("2026-11-26T05:00:00Z"));

    CliRun r = converge("journal", "verify", "--file", journal.toString());

    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("intact after 1 recovery").contains("recovered at line 8: line 7 unreadable");
  }

  @Test
  void json_output_carries_the_break() throws IOException {
    List<String> lines = lines();
    lines.set(0, lines.get(0).replace("\"seq\":1,", "\"seq\":1,").replace("./Device/Time/", "./Device/Tyme/"));
    write(lines);

    CliRun r = converge("journal", "verify", "--json", "--file", journal.toString());

    NodeValue.Obj json = (NodeValue.Obj) NodeValue.parse(r.out());
    assertThat(json.get("intact")).isEqualTo(NodeValue.of(false));
    NodeValue.Obj broken = (NodeValue.Obj) json.get("break");
    assertThat(broken.get("line")).isEqualTo(NodeValue.of(1));
    assertThat(broken.get("seq")).isEqualTo(NodeValue.of(1));
    assertThat(broken.text("kind")).contains("hashMismatch");
    assertThat(broken.text("field")).contains("hash");
    assertThat(broken.text("expected").orElseThrow()).hasSize(64);
    assertThat(broken.text("found").orElseThrow()).hasSize(64);
  }

  @Test
  void json_output_of_an_intact_journal() {
    CliRun r = converge("journal", "verify", "--json", "--data", data.toString());

    NodeValue.Obj json = (NodeValue.Obj) NodeValue.parse(r.out());
    assertThat(json.get("intact")).isEqualTo(NodeValue.of(true));
    assertThat(json.get("entries")).isEqualTo(NodeValue.of(7));
    assertThat(json.has("break")).isFalse();
  }

  @Test
  void no_journal_is_a_usage_error_naming_the_file() {
    Path empty = tmp.resolve("empty");

    CliRun r = converge("journal", "verify", "--data", empty.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(empty.resolve("journal.jsonl").toString()).contains("no such journal")
        .contains("has not written one");
  }

  @Test
  void data_and_file_together_are_a_usage_error() {
    CliRun r = converge("journal", "verify", "--data", data.toString(), "--file", journal.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("mutually exclusive");
  }

  @Test
  void an_empty_journal_is_intact_with_no_entries() throws IOException {
    Files.writeString(journal, "");

    CliRun r = converge("journal", "verify", "--file", journal.toString());

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("0 entries, last seq 0");
  }
}
