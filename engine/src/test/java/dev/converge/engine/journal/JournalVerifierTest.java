package dev.converge.engine.journal;

import static dev.converge.engine.journal.JournalFixtures.sevenLines;
import static dev.converge.engine.journal.JournalFixtures.ticking;
import static dev.converge.engine.journal.JournalFixtures.withCharAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.journal.JournalProblem.Kind;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.InMemoryJournal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalVerifierTest {

  private final List<String> lines = sevenLines().records();

  private static JournalProblem breakOf(List<String> records) {
    Verification v = JournalVerifier.verify(records);
    assertThat(v.intact()).as("intact").isFalse();
    return v.firstBreak().orElseThrow();
  }

  @Test
  void an_untouched_chain_is_intact() {
    Verification v = JournalVerifier.verify(lines);

    assertThat(v.intact()).isTrue();
    assertThat(v.isClean()).isTrue();
    assertThat(v.entries()).isEqualTo(7);
    assertThat(v.lastSeq()).isEqualTo(7);
    assertThat(v.lastHash()).isEqualTo(JournalEntry.parse(lines.get(6)).hash());
    assertThat(v.summary()).startsWith("intact: 7 valid entries, last seq 7, last hash ");
  }

  @Test
  void an_empty_journal_is_intact() {
    Verification v = JournalVerifier.verify(List.of());

    assertThat(v.intact()).isTrue();
    assertThat(v.entries()).isZero();
    assertThat(v.lastHash()).isEqualTo(JournalEntry.GENESIS_HASH);
  }

  @Test
  void a_character_changed_inside_a_value_is_a_hash_mismatch_on_that_line() {
    for (int line = 1; line <= lines.size(); line++) {
      String text = lines.get(line - 1);
      int at = text.indexOf("\"group\":\"") + 10;

      JournalProblem p = breakOf(withCharAt(lines, line, at, 'X'));

      assertThat(p.line()).as("line").isEqualTo(line);
      assertThat(p.kind()).isEqualTo(Kind.HASH_MISMATCH);
      assertThat(p.message()).contains("altered after it was written");
    }
  }

  @Test
  void a_character_changed_in_the_stored_hash_or_prev_hash_is_a_hash_mismatch_on_that_line() {
    for (int line = 1; line <= lines.size(); line++) {
      String text = lines.get(line - 1);
      int inHash = text.lastIndexOf("\"hash\":\"") + 20;
      int inPrevHash = text.indexOf("\"prevHash\":\"") + 20;
      char other = text.charAt(inHash) == 'f' ? 'e' : 'f';
      char otherPrev = text.charAt(inPrevHash) == '1' ? '2' : '1';

      assertThat(breakOf(withCharAt(lines, line, inHash, other)))
          .returns(line, JournalProblem::line)
          .returns(Kind.HASH_MISMATCH, JournalProblem::kind);
      assertThat(breakOf(withCharAt(lines, line, inPrevHash, otherPrev)))
          .returns(line, JournalProblem::line)
          .returns(Kind.HASH_MISMATCH, JournalProblem::kind);
    }
  }

  @Test
  void a_character_changed_in_the_json_structure_makes_that_line_unparsable() {
    for (int line = 1; line <= lines.size(); line++) {
      String text = lines.get(line - 1);

      JournalProblem colon = breakOf(withCharAt(lines, line, text.indexOf(':'), ';'));
      JournalProblem brace = breakOf(withCharAt(lines, line, text.length() - 1, ']'));

      assertThat(colon.line()).isEqualTo(line);
      assertThat(colon.kind()).isEqualTo(Kind.UNPARSABLE);
      assertThat(colon.message()).contains("not JSON").contains("damaged or edited outside the agent");
      assertThat(brace.line()).isEqualTo(line);
      assertThat(brace.kind()).isEqualTo(Kind.UNPARSABLE);
    }
  }

  @Test
  void a_deleted_line_breaks_the_chain_where_the_next_line_now_stands() {
    for (int line = 1; line < lines.size(); line++) {
      List<String> records = new ArrayList<>(lines);
      records.remove(line - 1);

      JournalProblem p = breakOf(records);

      assertThat(p.line()).as("deleted line %d", line).isEqualTo(line);
      assertThat(p.kind()).isEqualTo(Kind.CHAIN_BROKEN);
      if (line == 1) {
        assertThat(p.message()).contains("beginning of the journal is missing");
      } else {
        assertThat(p.message()).contains("the entry with seq " + line + " is missing");
      }
    }
  }

  @Test
  void a_deleted_last_line_leaves_a_shorter_intact_chain_that_only_last_seq_reveals() {
    Verification v = JournalVerifier.verify(lines.subList(0, 6));

    assertThat(v.intact()).isTrue();
    assertThat(v.lastSeq()).isEqualTo(6);
  }

  @Test
  void two_swapped_lines_break_the_chain_at_the_first_of_them() {
    for (int a = 1; a <= lines.size(); a++) {
      for (int b = a + 1; b <= lines.size(); b++) {
        List<String> records = new ArrayList<>(lines);
        Collections.swap(records, a - 1, b - 1);

        JournalProblem p = breakOf(records);

        assertThat(p.line()).as("swap %d and %d", a, b).isEqualTo(a);
        assertThat(p.kind()).isEqualTo(Kind.CHAIN_BROKEN);
      }
    }
  }

  @Test
  void a_duplicated_line_breaks_the_chain_at_the_copy() {
    List<String> records = new ArrayList<>(lines);
    records.add(3, lines.get(2));

    JournalProblem p = breakOf(records);

    assertThat(p.line()).isEqualTo(4);
    assertThat(p.kind()).isEqualTo(Kind.CHAIN_BROKEN);
    assertThat(p.message()).contains("repeats or moves an earlier entry");
  }

  @Test
  void a_last_line_cut_short_is_a_torn_tail() {
    String last = lines.get(6);
    for (int keep : new int[] {0, 1, 9, last.length() / 2, last.length() - 2, last.length() - 1}) {
      List<String> records = new ArrayList<>(lines);
      records.set(6, last.substring(0, keep));

      JournalProblem p = breakOf(records);

      assertThat(p.line()).as("keep %d", keep).isEqualTo(7);
      assertThat(p.kind()).as("keep %d", keep).isEqualTo(Kind.TORN_TAIL);
      assertThat(p.message()).contains("a write was cut off");
    }
  }

  @Test
  void a_line_cut_short_before_the_last_is_unparsable() {
    List<String> records = new ArrayList<>(lines);
    records.set(2, lines.get(2).substring(0, 50));

    JournalProblem p = breakOf(records);

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.kind()).isEqualTo(Kind.UNPARSABLE);
  }

  @Test
  void an_entry_that_links_but_skips_a_seq_is_a_sequence_gap() {
    JournalEntry last = JournalEntry.parse(lines.get(6));
    JournalEntry skipping = JournalEntry.sealed(last.seq() + 2, last.time(), JournalEntry.Kind.DRIFT, "timeInfo",
        null, "timeZone", "./Device/Time/Zone", null, NodeValue.of("UTC"), NodeValue.of("Europe/Berlin"), 17,
        "tz-eu", 0, "reported", null, last.hash());
    List<String> records = new ArrayList<>(lines);
    records.add(skipping.toLine());

    JournalProblem p = breakOf(records);

    assertThat(p.line()).isEqualTo(8);
    assertThat(p.kind()).isEqualTo(Kind.SEQUENCE_GAP);
    assertThat(p.message()).contains("has seq 9 instead of 8");
  }

  @Test
  void a_recovery_accounts_for_the_lines_it_set_aside() {
    InMemoryJournal journal = sevenLines();
    journal.tearLastRecord(30);
    JournalRecorder.open(journal, ticking()).drift(JournalFixtures.TIME_INFO, "timeZone", "./Device/Time/Zone",
        NodeValue.of("Europe/Berlin"), NodeValue.of("UTC"), "reported", 18, "tz-eu");

    Verification v = JournalVerifier.verify(journal.records());

    assertThat(v.intact()).isTrue();
    assertThat(v.isClean()).isFalse();
    assertThat(v.entries()).isEqualTo(6 + 2);
    assertThat(v.recoveries()).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(8);
      assertThat(r.fromLine()).isEqualTo(7);
      assertThat(r.toLine()).isEqualTo(7);
      assertThat(r.problem()).isEqualTo(Kind.TORN_TAIL);
    });
    assertThat(v.summary()).startsWith("intact after 1 recovery: 8 valid entries")
        .contains("recovered at line 8: line 7 unreadable (torn tail), kept as found, SHA-256 ");
  }

  @Test
  void a_recovery_does_not_count_once_the_lines_it_set_aside_are_changed() {
    InMemoryJournal journal = sevenLines();
    journal.tearLastRecord(30);
    JournalRecorder.open(journal, ticking());
    journal.corrupt(7, s -> s.substring(0, 29));

    JournalProblem p = breakOf(journal.records());

    assertThat(p.line()).isEqualTo(7);
    assertThat(p.kind()).isEqualTo(Kind.UNPARSABLE);
  }

  @Test
  void a_recovery_whose_lines_were_removed_breaks_the_chain() {
    InMemoryJournal journal = sevenLines();
    journal.tearLastRecord(30);
    JournalRecorder.open(journal, ticking());
    journal.remove(7);

    JournalProblem p = breakOf(journal.records());

    assertThat(p.line()).isEqualTo(7);
    assertThat(p.kind()).isEqualTo(Kind.CHAIN_BROKEN);
    assertThat(p.message()).contains("sets aside line 7, but no unreadable lines come before it");
  }

  @Test
  void summary_names_the_break_with_its_line_and_kind() {
    List<String> records = new ArrayList<>(lines);
    records.remove(3);

    String summary = JournalVerifier.verify(records).summary();

    assertThat(summary).startsWith("broken at line 4 (chain broken): 3 valid entries, last seq 3")
        .contains("\nline 4: chain broken: the entry (seq 5) does not link to line 3 (seq 3)");
  }

  @Test
  void lines_that_are_not_json_at_all_are_reported_not_thrown() {
    Verification v = JournalVerifier.verify(List.of("hello", "", "{\"seq\":1}", "[1,2]"));

    assertThat(v.firstBreak()).hasValueSatisfying(p -> {
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.kind()).isEqualTo(Kind.UNPARSABLE);
    });
  }

  @Test
  void a_number_no_parser_can_hold_is_an_unreadable_line_not_a_crash() {
    List<String> lines = new ArrayList<>(List.of("{\"seq\":100000e2147483648}", "{}"));

    Verification v = JournalVerifier.verify(lines);

    assertThat(v.firstBreak()).hasValueSatisfying(p -> {
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.kind()).isEqualTo(Kind.UNPARSABLE);
      assertThat(p.message()).contains("out of range");
    });
  }
}
