package dev.converge.engine.journal;

import static dev.converge.engine.journal.JournalFixtures.asFileText;
import static dev.converge.engine.journal.JournalFixtures.asRecords;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.Clock;
import dev.converge.engine.port.InMemoryJournal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

class JournalProperties {

  /** One call on a recorder. {@code what}: 0 intent, 1 outcome of an open intent (else an intent), 2 drift. */
  record Call(int what, GroupKey key, String node, String operation, NodeValue before, NodeValue after, long version,
      String deployment, String result, @Nullable String message, int pick, Instant time) {}

  /** A journal written by random calls, and the entries the recorder wrote. */
  record Chain(List<String> records, List<Call> calls) {}

  // --- generators ---

  @Provide
  Arbitrary<Chain> chains() {
    return calls().list().ofMinSize(1).ofMaxSize(14).map(JournalProperties::record);
  }

  private static Chain record(List<Call> calls) {
    InMemoryJournal journal = new InMemoryJournal();
    AtomicInteger tick = new AtomicInteger();
    Clock clock = () -> calls.get(Math.min(tick.getAndIncrement(), calls.size() - 1)).time();
    JournalRecorder r = JournalRecorder.open(journal, clock);
    for (Call c : calls) {
      List<JournalEntry> open = r.openIntents();
      if (c.what() == 1 && !open.isEmpty()) {
        r.outcome(open.get(c.pick() % open.size()).seq(), c.result(), c.after(), c.message());
      } else if (c.what() == 2) {
        r.drift(c.key(), "p" + c.pick(), c.node(), c.after(), c.before(), c.result(), c.version(), c.deployment());
      } else {
        r.intent(c.key(), c.node(), c.operation(), c.before(), c.after(), c.version(), c.deployment());
      }
    }
    return new Chain(journal.records(), calls);
  }

  private static Arbitrary<Call> calls() {
    Arbitrary<Tuple.Tuple4<String, String, Integer, Instant>> rest = Combinators.combine(
            Arbitraries.of("applied", "unchanged", "failed", "rolledBack", "remediated", "reported"),
            texts().injectNull(0.5),
            Arbitraries.integers().between(0, 100),
            instants())
        .as(Tuple::of);
    return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            keys(),
            Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20),
            Arbitraries.of(JournalEntry.OPERATIONS.stream().sorted().toList()),
            values(2),
            values(2),
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            Combinators.combine(texts(), rest).as(Tuple::of))
        .as((what, key, node, op, before, after, version, more) -> new Call(what, key, node, op, before, after,
            version, more.get1(), more.get2().get1(), more.get2().get2(), more.get2().get3(), more.get2().get4()));
  }

  private static Arbitrary<GroupKey> keys() {
    Arbitrary<String> names = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10);
    return Combinators.combine(names, names.injectNull(0.5)).as(GroupKey::new);
  }

  /** Any UTF-16 text, lone surrogates and control characters included. */
  private static Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(16),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(16),
        Arbitraries.of("", "\"", "\\", "\n", "Zürich", "\ud83d\ude00", "\ud800", "}{\"hash\":\"x\"}"));
  }

  private static Arbitrary<Instant> instants() {
    return Combinators.combine(
            Arbitraries.longs().between(-62_000_000_000L, 250_000_000_000L),
            Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999)))
        .as(Instant::ofEpochSecond);
  }

  private static Arbitrary<NodeValue> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(NodeValue::of),
        Combinators.combine(Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
                Arbitraries.integers().between(-60, 60))
            .as((unscaled, scale) -> NodeValue.of(new BigDecimal(unscaled, scale))));
  }

  private static Arbitrary<NodeValue> values(int depth) {
    Arbitrary<NodeValue> leaf = Arbitraries.oneOf(
        Arbitraries.just(NodeValue.absent()),
        texts().map(NodeValue::of),
        numbers(),
        Arbitraries.of(true, false).map(NodeValue::of));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<NodeValue> list = values(depth - 1).list().ofMaxSize(3).map(NodeValue::list);
    Arbitrary<NodeValue> object = Arbitraries.maps(texts(), values(depth - 1)).ofMaxSize(3).map(NodeValue::object);
    return Arbitraries.frequencyOf(Tuple.of(4, leaf), Tuple.of(1, list), Tuple.of(1, object));
  }

  // --- properties ---

  @Property(tries = 300)
  void any_recorded_chain_verifies_intact(@ForAll("chains") Chain chain) {
    Verification v = JournalVerifier.verify(chain.records());

    assertThat(v.isClean()).as(v.summary()).isTrue();
    assertThat(v.entries()).isEqualTo(chain.records().size());
    assertThat(v.lastSeq()).isEqualTo(chain.records().size());
  }

  @Property(tries = 300)
  void every_recorded_line_is_printable_ascii_and_reads_back_to_the_same_line(@ForAll("chains") Chain chain) {
    for (String line : chain.records()) {
      assertThat(line.chars()).allMatch(c -> c >= 0x20 && c <= 0x7e);
      JournalEntry e = JournalEntry.parse(line);
      assertThat(e.toLine()).isEqualTo(line);
      assertThat(e.hasValidHash()).isTrue();
    }
  }

  @Property(tries = 300)
  void reopening_finds_exactly_the_intents_without_outcome(@ForAll("chains") Chain chain) {
    List<Long> expected = new ArrayList<>();
    List<JournalEntry> entries = chain.records().stream().map(JournalEntry::parse).toList();
    for (JournalEntry e : entries) {
      if (e.kind() == JournalEntry.Kind.INTENT && entries.stream().noneMatch(o -> o.isOutcomeOf(e.seq()))) {
        expected.add(e.seq());
      }
    }

    ReplayReport replay = JournalRecorder.open(InMemoryJournal.of(chain.records()), () -> Instant.EPOCH).replay();

    assertThat(replay.unfinishedIntents()).extracting(JournalEntry::seq).containsExactlyElementsOf(expected);
    assertThat(replay.problem()).isEmpty();
  }

  @Property(tries = 500)
  void a_cut_anywhere_leaves_either_a_shorter_intact_chain_or_a_torn_tail(
      @ForAll("chains") Chain chain, @ForAll @IntRange(min = 0, max = 1_000_000) int where) {
    String text = asFileText(chain.records());
    int cut = where % text.length();
    List<String> records = asRecords(text.substring(0, cut));
    int complete = (int) text.substring(0, cut).chars().filter(c -> c == '\n').count();

    Verification v = JournalVerifier.verify(records);

    if (records.size() == complete || records.get(complete).equals(chain.records().get(complete))) {
      assertThat(v.isClean()).as(v.summary()).isTrue();
      assertThat(v.entries()).isEqualTo(records.size());
    } else {
      assertThat(v.firstBreak()).as(v.summary()).hasValueSatisfying(p -> {
        assertThat(p.line()).isEqualTo(complete + 1);
        assertThat(p.kind()).isEqualTo(JournalProblem.Kind.TORN_TAIL);
      });
    }
  }

  @Property(tries = 1000)
  void any_single_character_change_is_found_on_its_line(
      @ForAll("chains") Chain chain,
      @ForAll @IntRange(min = 0, max = 1_000_000) int where,
      @ForAll("replacements") char replacement) {
    String text = asFileText(chain.records());
    int at = where % text.length();
    Assume.that(text.charAt(at) != replacement);
    String changed = changedAt(text, at, replacement);
    int line = (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;

    Verification v = JournalVerifier.verify(asRecords(changed));

    assertThat(v.intact()).as("changed line %d at %d to %s", line, at, replacement).isFalse();
    assertThat(v.firstBreak().orElseThrow().line()).isEqualTo(line);
  }

  @Provide
  Arbitrary<Character> replacements() {
    return Arbitraries.oneOf(
        Arbitraries.chars().range(' ', '~'),
        Arbitraries.chars().with("0123456789abcdef".toCharArray()),
        Arbitraries.of('\n', '"', '\\', '{', '}', ',', ':', '0', 'a', 'A', '\u00e9', '\ud800'),
        Arbitraries.chars().all());
  }

  @Property(tries = 300)
  void after_any_cut_opening_recovers_and_nothing_is_lost(
      @ForAll("chains") Chain chain, @ForAll @IntRange(min = 0, max = 1_000_000) int where) {
    String text = asFileText(chain.records());
    List<String> records = asRecords(text.substring(0, where % text.length()));
    InMemoryJournal journal = InMemoryJournal.of(records);

    JournalRecorder r = JournalRecorder.open(journal, () -> Instant.EPOCH);
    r.drift(GroupKey.of("timeInfo"), "timeZone", "./Device/Time/Zone", NodeValue.of("Europe/Berlin"),
        NodeValue.of("UTC"), "reported", 1, "tz-eu");

    assertThat(journal.records().subList(0, records.size())).isEqualTo(records);
    Verification v = JournalVerifier.verify(journal.records());
    assertThat(v.intact()).as(v.summary()).isTrue();
    assertThat(v.recoveries()).hasSize(r.replay().problem().isPresent() ? 1 : 0);
    r.replay().problem().ifPresent(p -> assertThat(v.recoveries().get(0).fromLine()).isEqualTo(p.line()));
  }

  @Property(tries = 300)
  void after_any_single_character_change_opening_recovers_and_verify_accepts(
      @ForAll("chains") Chain chain,
      @ForAll @IntRange(min = 0, max = 1_000_000) int where,
      @ForAll("replacements") char replacement) {
    String text = asFileText(chain.records());
    int at = where % text.length();
    Assume.that(text.charAt(at) != replacement);
    String changed = changedAt(text, at, replacement);
    List<String> records = asRecords(changed);
    InMemoryJournal journal = InMemoryJournal.of(records);

    JournalRecorder r = JournalRecorder.open(journal, () -> Instant.EPOCH);

    assertThat(r.replay().problem()).isPresent();
    assertThat(journal.records().subList(0, records.size())).isEqualTo(records);
    Verification v = JournalVerifier.verify(journal.records());
    assertThat(v.intact()).as(v.summary()).isTrue();
    assertThat(v.recoveries()).singleElement()
        .returns(r.replay().problem().get().line(), Verification.Recovery::fromLine)
        .returns(records.size(), Verification.Recovery::toLine);
  }

  @Property(tries = 300)
  void verifying_arbitrary_text_reports_instead_of_throwing(
      @ForAll("lists") List<String> records) {
    Verification v = JournalVerifier.verify(records);

    assertThat(v.intact()).isEqualTo(records.isEmpty());
  }

  @Provide
  Arbitrary<List<String>> lists() {
    return Arbitraries.oneOf(texts(), Arbitraries.strings().withChars("{}[]\":,0123456789abcdefnulltrue "))
        .list().ofMaxSize(5);
  }

  /** The journal text with one character replaced. */
  private static String changedAt(String text, int at, char replacement) {
    StringBuilder changed = new StringBuilder(text);
    changed.setCharAt(at, replacement);
    return changed.toString();
  }
}
