package dev.converge.engine.journal;

import static dev.converge.engine.journal.JournalFixtures.CERT;
import static dev.converge.engine.journal.JournalFixtures.START;
import static dev.converge.engine.journal.JournalFixtures.TIME_INFO;
import static dev.converge.engine.journal.JournalFixtures.sevenLines;
import static dev.converge.engine.journal.JournalFixtures.ticking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.engine.journal.JournalEntry.Kind;
import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.InMemoryJournal;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JournalRecorderTest {

  private final InMemoryJournal journal = new InMemoryJournal();

  private static List<JournalEntry> entries(InMemoryJournal journal) {
    return journal.records().stream().map(JournalEntry::parse).toList();
  }

  private static long zoneIntent(JournalRecorder r) {
    return r.intent(TIME_INFO, "./Device/Time/Zone", "replace", NodeValue.of("UTC"), NodeValue.of("Europe/Berlin"),
        17, "tz-eu");
  }

  @Test
  void intents_and_outcomes_form_a_chain_that_verifies() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    long a = zoneIntent(r);
    r.outcome(a, "applied", NodeValue.of("Europe/Berlin"), null);
    long b = r.intent(CERT, "./Device/Certificates/root-ca", "delete", NodeValue.of("ab12"), NodeValue.absent(),
        18, "certs");
    r.outcome(b, "failed", NodeValue.of("ab12"), "read-only");

    Verification v = JournalVerifier.verify(journal.records());

    assertThat(v.isClean()).isTrue();
    assertThat(v.entries()).isEqualTo(4);
    List<JournalEntry> e = entries(journal);
    assertThat(e).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(e.get(0).prevHash()).isEqualTo(JournalEntry.GENESIS_HASH);
    for (int i = 1; i < e.size(); i++) {
      assertThat(e.get(i).prevHash()).isEqualTo(e.get(i - 1).hash());
    }
    assertThat(e).extracting(JournalEntry::time)
        .containsExactly(START, START.plusSeconds(1), START.plusSeconds(2), START.plusSeconds(3));
  }

  @Test
  void an_intent_returns_its_seq_and_records_what_will_be_written() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());

    long seq = zoneIntent(r);

    JournalEntry intent = entries(journal).get(0);
    assertThat(seq).isEqualTo(1);
    assertThat(intent.kind()).isEqualTo(Kind.INTENT);
    assertThat(intent.group()).isEqualTo("timeInfo");
    assertThat(intent.item()).isNull();
    assertThat(intent.node()).isEqualTo("./Device/Time/Zone");
    assertThat(intent.operation()).isEqualTo("replace");
    assertThat(intent.before()).isEqualTo(NodeValue.of("UTC"));
    assertThat(intent.after()).isEqualTo(NodeValue.of("Europe/Berlin"));
    assertThat(intent.desiredVersion()).isEqualTo(17);
    assertThat(intent.deploymentId()).isEqualTo("tz-eu");
    assertThat(intent.result()).isNull();
  }

  @Test
  void an_outcome_repeats_its_intent_and_names_it() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    long seq = r.intent(CERT, "./Device/Certificates/root-ca", "add", NodeValue.absent(), NodeValue.of("ab12"), 3,
        "certs");

    r.outcome(seq, "rolledBack", NodeValue.absent(), "chain incomplete");

    JournalEntry outcome = entries(journal).get(1);
    assertThat(outcome.kind()).isEqualTo(Kind.OUTCOME);
    assertThat(outcome.intentSeq()).isEqualTo(seq);
    assertThat(outcome.isOutcomeOf(seq)).isTrue();
    assertThat(outcome.group()).isEqualTo("certificates");
    assertThat(outcome.item()).isEqualTo("root-ca");
    assertThat(outcome.node()).isEqualTo("./Device/Certificates/root-ca");
    assertThat(outcome.operation()).isEqualTo("add");
    assertThat(outcome.before()).isEqualTo(NodeValue.absent());
    assertThat(outcome.after()).isEqualTo(NodeValue.absent());
    assertThat(outcome.result()).isEqualTo("rolledBack");
    assertThat(outcome.message()).isEqualTo("chain incomplete");
    assertThat(outcome.desiredVersion()).isEqualTo(3);
    assertThat(outcome.deploymentId()).isEqualTo("certs");
  }

  @Test
  void a_drift_records_the_property_with_actual_before_and_desired_after() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());

    r.drift(TIME_INFO, "timeZone", "./Device/Time/Zone", NodeValue.of("Europe/Berlin"), NodeValue.of("UTC"),
        "reported", 17, "tz-eu");

    JournalEntry drift = entries(journal).get(0);
    assertThat(drift.kind()).isEqualTo(Kind.DRIFT);
    assertThat(drift.property()).isEqualTo("timeZone");
    assertThat(drift.node()).isEqualTo("./Device/Time/Zone");
    assertThat(drift.operation()).isNull();
    assertThat(drift.before()).isEqualTo(NodeValue.of("UTC"));
    assertThat(drift.after()).isEqualTo(NodeValue.of("Europe/Berlin"));
    assertThat(drift.result()).isEqualTo("reported");
    assertThat(r.openIntents()).isEmpty();
  }

  @Test
  void reopening_continues_the_chain() {
    JournalRecorder.open(journal, ticking()).drift(TIME_INFO, "timeZone", "./Device/Time/Zone",
        NodeValue.of("Europe/Berlin"), NodeValue.of("UTC"), "reported", 17, "tz-eu");

    JournalRecorder again = JournalRecorder.open(journal, ticking());
    long seq = zoneIntent(again);

    assertThat(again.replay().validEntries()).isEqualTo(1);
    assertThat(again.replay().isClean()).isTrue();
    assertThat(seq).isEqualTo(2);
    assertThat(JournalVerifier.verify(journal.records()).isClean()).isTrue();
  }

  @Test
  void an_intent_without_outcome_is_unfinished_after_reopening() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    long done = zoneIntent(r);
    r.outcome(done, "applied", NodeValue.of("Europe/Berlin"), null);
    long crashed = r.intent(CERT, "./Device/Certificates/root-ca", "add", NodeValue.absent(), NodeValue.of("ab12"),
        17, "certs");

    ReplayReport replay = JournalRecorder.open(journal, ticking()).replay();

    assertThat(replay.validEntries()).isEqualTo(3);
    assertThat(replay.problem()).isEmpty();
    assertThat(replay.unfinishedIntents()).extracting(JournalEntry::seq).containsExactly(crashed);
    assertThat(replay.unfinishedIntents().get(0).node()).isEqualTo("./Device/Certificates/root-ca");
  }

  @Test
  void an_intent_with_an_outcome_is_not_unfinished() {
    ReplayReport replay = JournalRecorder.open(sevenLines(), ticking()).replay();

    assertThat(replay.validEntries()).isEqualTo(7);
    assertThat(replay.unfinishedIntents()).isEmpty();
    assertThat(replay.isClean()).isTrue();
  }

  @Test
  void an_unfinished_intent_is_completed_after_a_restart() {
    long crashed = zoneIntent(JournalRecorder.open(journal, ticking()));
    JournalRecorder restarted = JournalRecorder.open(journal, ticking());
    assertThat(restarted.openIntents()).extracting(JournalEntry::seq).containsExactly(crashed);

    restarted.outcome(crashed, "completedAfterRestart", NodeValue.of("Europe/Berlin"), "found applied on restart");

    assertThat(restarted.openIntents()).isEmpty();
    assertThat(JournalRecorder.open(journal, ticking()).replay().unfinishedIntents()).isEmpty();
    assertThat(entries(journal).get(1).isOutcomeOf(crashed)).isTrue();
  }

  @Test
  void an_outcome_for_an_unknown_or_completed_intent_is_a_bug() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    long seq = zoneIntent(r);
    r.outcome(seq, "applied", NodeValue.of("Europe/Berlin"), null);

    assertThatThrownBy(() -> r.outcome(seq, "applied", NodeValue.of("Europe/Berlin"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no open intent with seq 1");
    assertThatThrownBy(() -> r.outcome(99, "applied", NodeValue.absent(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(journal.size()).isEqualTo(2);
  }

  @Test
  void an_unknown_operation_is_refused_before_anything_is_written() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());

    assertThatThrownBy(() -> r.intent(TIME_INFO, "./Device/Time/Zone", "update", NodeValue.absent(),
        NodeValue.absent(), 1, "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(journal.size()).isZero();
    assertThat(zoneIntent(r)).isEqualTo(1);
  }

  @Test
  void opening_a_clean_journal_writes_nothing() {
    InMemoryJournal seven = sevenLines();

    JournalRecorder.open(seven, ticking());

    assertThat(seven.size()).isEqualTo(7);
  }

  @Test
  void opening_after_a_torn_tail_reports_it_keeps_the_line_and_appends_a_recovery() {
    InMemoryJournal seven = sevenLines();
    seven.tearLastRecord(25);
    String torn = seven.record(7);
    List<String> before = seven.records();

    JournalRecorder r = JournalRecorder.open(seven, ticking());

    ReplayReport replay = r.replay();
    assertThat(replay.validEntries()).isEqualTo(6);
    assertThat(replay.problem()).hasValueSatisfying(p -> {
      assertThat(p.line()).isEqualTo(7);
      assertThat(p.kind()).isEqualTo(JournalProblem.Kind.TORN_TAIL);
      assertThat(p.message()).contains("Set aside: line 7, kept as found; a recovery entry (line 8, seq 7)");
    });
    assertThat(seven.records()).hasSize(8);
    assertThat(seven.records().subList(0, 7)).isEqualTo(before);
    JournalEntry recovery = JournalEntry.parse(seven.record(8));
    assertThat(recovery.kind()).isEqualTo(Kind.RECOVERY);
    assertThat(recovery.group()).isEqualTo(JournalEntry.JOURNAL_GROUP);
    assertThat(recovery.seq()).isEqualTo(7);
    assertThat(recovery.prevHash()).isEqualTo(JournalEntry.parse(seven.record(6)).hash());
    assertThat(recovery.result()).isEqualTo("recovered");
    assertThat(recovery.before()).isEqualTo(NodeValue.parse("{\"fromLine\":7,\"toLine\":7,\"problem\":\"tornTail\","
        + "\"sha256\":\"" + CanonicalLine.sha256Hex(torn) + "\"}"));
    assertThat(recovery.time()).isEqualTo(START);
  }

  @Test
  void appending_continues_after_a_torn_tail_and_verify_reports_the_recovery() {
    InMemoryJournal seven = sevenLines();
    seven.tearLastRecord(25);
    String torn = seven.record(7);
    JournalRecorder r = JournalRecorder.open(seven, ticking());

    long seq = zoneIntent(r);
    r.outcome(seq, "applied", NodeValue.of("Europe/Berlin"), null);

    assertThat(seq).isEqualTo(8);
    assertThat(seven.record(7)).isEqualTo(torn);
    Verification v = JournalVerifier.verify(seven.records());
    assertThat(v.intact()).isTrue();
    assertThat(v.entries()).isEqualTo(9);
    assertThat(v.recoveries()).singleElement()
        .satisfies(rec -> assertThat(rec.describe()).startsWith("recovered at line 8: line 7 unreadable (torn tail)"));
    ReplayReport reopened = JournalRecorder.open(seven, ticking()).replay();
    assertThat(reopened.problem()).isEmpty();
    assertThat(reopened.unfinishedIntents()).extracting(JournalEntry::seq).containsExactly(6L);
  }

  @Test
  void an_intent_whose_outcome_was_torn_is_unfinished() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    long seq = zoneIntent(r);
    r.outcome(seq, "applied", NodeValue.of("Europe/Berlin"), null);
    journal.tearLastRecord(60);

    ReplayReport replay = JournalRecorder.open(journal, ticking()).replay();

    assertThat(replay.problem()).map(JournalProblem::kind).hasValue(JournalProblem.Kind.TORN_TAIL);
    assertThat(replay.unfinishedIntents()).extracting(JournalEntry::seq).containsExactly(seq);
  }

  @Test
  void damage_in_the_middle_sets_aside_everything_from_there_and_keeps_it() {
    InMemoryJournal seven = sevenLines();
    seven.corrupt(3, s -> s.replace("root-ca", "root-cb"));
    List<String> before = seven.records();

    JournalRecorder r = JournalRecorder.open(seven, ticking());

    assertThat(r.replay().validEntries()).isEqualTo(2);
    assertThat(r.replay().problem()).hasValueSatisfying(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.kind()).isEqualTo(JournalProblem.Kind.HASH_MISMATCH);
      assertThat(p.message()).contains("Set aside: lines 3..7, kept as found");
    });
    assertThat(seven.records()).hasSize(8);
    assertThat(seven.records().subList(0, 7)).isEqualTo(before);
    Verification v = JournalVerifier.verify(seven.records());
    assertThat(v.intact()).isTrue();
    assertThat(v.recoveries()).singleElement().satisfies(rec -> {
      assertThat(rec.fromLine()).isEqualTo(3);
      assertThat(rec.toLine()).isEqualTo(7);
      assertThat(rec.problem()).isEqualTo(JournalProblem.Kind.HASH_MISMATCH);
    });
  }

  @Test
  void a_second_break_after_a_recovery_is_recovered_too() {
    InMemoryJournal seven = sevenLines();
    seven.tearLastRecord(10);
    JournalRecorder first = JournalRecorder.open(seven, ticking());
    zoneIntent(first);
    seven.tearLastRecord(40);

    JournalRecorder second = JournalRecorder.open(seven, ticking());
    zoneIntent(second);

    assertThat(second.replay().problem()).map(JournalProblem::line).hasValue(9);
    Verification v = JournalVerifier.verify(seven.records());
    assertThat(v.intact()).isTrue();
    assertThat(v.recoveries()).extracting(Verification.Recovery::line).containsExactly(8, 10);
    assertThat(v.lastSeq()).isEqualTo(9);
  }

  @Test
  void a_failed_append_propagates_and_the_chain_goes_on_from_what_was_stored() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    journal.failNextAppends(1);

    assertThatThrownBy(() -> zoneIntent(r)).isInstanceOf(UncheckedIOException.class);
    long seq = zoneIntent(r);

    assertThat(seq).isEqualTo(1);
    assertThat(r.openIntents()).extracting(JournalEntry::seq).containsExactly(1L);
    assertThat(JournalVerifier.verify(journal.records()).isClean()).isTrue();
  }

  @Test
  void a_write_cut_off_by_an_error_is_set_aside_before_the_next_entry() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    long seq = zoneIntent(r);
    journal.tearNextAppend(33);

    assertThatThrownBy(() -> r.outcome(seq, "applied", NodeValue.of("Europe/Berlin"), null))
        .isInstanceOf(UncheckedIOException.class);
    r.outcome(seq, "applied", NodeValue.of("Europe/Berlin"), null);

    List<String> records = journal.records();
    assertThat(records).hasSize(4);
    assertThat(JournalEntry.parse(records.get(2)).kind()).isEqualTo(Kind.RECOVERY);
    assertThat(JournalEntry.parse(records.get(3)).isOutcomeOf(seq)).isTrue();
    Verification v = JournalVerifier.verify(records);
    assertThat(v.intact()).isTrue();
    assertThat(v.recoveries()).singleElement().returns(2, Verification.Recovery::fromLine);
    assertThat(r.openIntents()).isEmpty();
  }

  @Test
  void an_intent_stored_despite_an_error_is_closed_as_interrupted() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    journal.failNextAppendAfterStoring();

    assertThatThrownBy(() -> zoneIntent(r)).isInstanceOf(UncheckedIOException.class);

    assertThat(r.openIntents()).isEmpty();
    List<JournalEntry> e = entries(journal);
    assertThat(e).extracting(JournalEntry::kind).containsExactly(Kind.INTENT, Kind.OUTCOME);
    assertThat(e.get(1).result()).isEqualTo("interrupted");
    assertThat(e.get(1).after()).isEqualTo(NodeValue.of("UTC"));
    assertThat(JournalVerifier.verify(journal.records()).isClean()).isTrue();
  }

  @Test
  void an_outcome_stored_despite_an_error_closes_its_intent() {
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    long seq = zoneIntent(r);
    journal.failNextAppendAfterStoring();

    assertThatThrownBy(() -> r.outcome(seq, "applied", NodeValue.of("Europe/Berlin"), null))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(r.openIntents()).isEmpty();
    assertThat(journal.size()).isEqualTo(2);
  }

  @Test
  void one_recorder_can_be_shared_by_many_threads() throws Exception {
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    int threads = 8;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        GroupKey key = GroupKey.item("files", "f" + t);
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < perThread; i++) {
            long seq = r.intent(key, "./Device/Files/" + i, "replace", NodeValue.of(i), NodeValue.of(i + 1), i, "d");
            r.outcome(seq, "applied", NodeValue.of(i + 1), null);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Verification v = JournalVerifier.verify(journal.records());
    assertThat(v.isClean()).isTrue();
    assertThat(v.entries()).isEqualTo(2L * threads * perThread);
    assertThat(r.openIntents()).isEmpty();
  }
}
