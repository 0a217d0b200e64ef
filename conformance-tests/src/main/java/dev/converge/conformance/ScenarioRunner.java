package dev.converge.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs a scenario against a target, step by step: pin the files the step expects unchanged, do the action, then
 * check every expectation and the journal invariant, and stop at the first step with a problem.
 *
 * <p>Journal expectations see only the records written during the step. The invariant, checked after every step
 * on a target with a journal, is the engine's own: every journal intent has an outcome (a write is never left
 * half-recorded).
 *
 * <p>Before the first step the runner checks that the target offers every {@link Target.Feature} the scenario
 * needs; if not, it throws {@link ScenarioSkipped} without touching the device, so a real device is never left
 * half-way through a scenario that could not finish. A target that refuses an action with
 * {@link UnsupportedOperationException} skips the scenario from that step too.
 */
public final class ScenarioRunner {

  private ScenarioRunner() {}

  /**
   * Runs every step.
   *
   * @throws ScenarioFailure at the first step whose action fails or whose expectations do not hold
   * @throws ScenarioSkipped when the target cannot run the scenario: before the first step when a step needs a
   *     feature the target lacks, or at the step whose action the target refuses
   */
  public static void run(Scenario scenario, Target target) {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(target, "target");
    for (Step step : scenario.steps()) {
      for (Target.Feature feature : needs(step)) {
        Optional<String> lacking = target.lacks(feature);
        if (lacking.isPresent()) {
          String reason = step.describe() + " " + feature.use() + ": " + lacking.get();
          throw new ScenarioSkipped(scenario.name(), step.number(), reason, scenario.name() + ", " + reason);
        }
      }
    }
    boolean journaled = target.lacks(Target.Feature.JOURNAL).isEmpty();
    for (Step step : scenario.steps()) {
      runStep(scenario, step, target, journaled);
    }
  }

  /** The features a step needs besides the twin and direct methods, in {@link Target.Feature} order. */
  public static Set<Target.Feature> needs(Step step) {
    Set<Target.Feature> out = EnumSet.noneOf(Target.Feature.class);
    if (step.action() instanceof Action.Advance) {
      out.add(Target.Feature.CLOCK);
    } else if (step.action() instanceof Action.Fault) {
      out.add(Target.Feature.FILES);
    }
    for (Expectation e : step.expectations()) {
      if (e instanceof Expectation.Files || e instanceof Expectation.Unchanged) {
        out.add(Target.Feature.FILES);
      } else if (e instanceof Expectation.Journal) {
        out.add(Target.Feature.JOURNAL);
      }
    }
    return out;
  }

  private static void runStep(Scenario scenario, Step step, Target target, boolean journaled) {
    int journalBefore = journaled ? target.journal().size() : 0;
    Map<String, FileStamp> pinned = new LinkedHashMap<>();
    MethodResponse answer = null;
    try {
      for (Expectation e : step.expectations()) {
        if (e instanceof Expectation.Unchanged u) {
          u.paths().forEach(p -> pinned.put(p, target.device().pin(p)));
        }
      }
      if (step.action() instanceof Action.Unsupported u) {
        List<String> problems = List.of("the action failed: " + u.reason());
        throw new ScenarioFailure(scenario.name(), step.number(), problems,
            message(scenario, step, problems, target, List.of()), null);
      }
      answer = act(step.action(), target);
    } catch (UnsupportedOperationException e) {
      String reason = step.describe() + ": " + e.getMessage();
      ScenarioSkipped skipped = new ScenarioSkipped(scenario.name(), step.number(), reason,
          scenario.name() + ", " + reason);
      skipped.initCause(e);
      throw skipped;
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      List<String> problems = List.of("the action failed: " + e.getMessage());
      throw new ScenarioFailure(scenario.name(), step.number(), problems,
          message(scenario, step, problems, target, List.of()), e);
    }
    List<String> records = journaled ? target.journal() : List.of();
    List<String> written = records.subList(Math.min(journalBefore, records.size()), records.size());
    List<String> problems = new ArrayList<>();
    for (Expectation e : step.expectations()) {
      for (Mismatch m : check(e, target, pinned, written, answer)) {
        problems.add(e.label() + " " + m);
      }
    }
    for (String open : openIntents(records)) {
      problems.add("invariant: " + open);
    }
    if (!problems.isEmpty()) {
      throw new ScenarioFailure(scenario.name(), step.number(), problems,
          message(scenario, step, problems, target, written), null);
    }
  }

  private static @Nullable MethodResponse act(@Nullable Action action, Target target) {
    if (action instanceof Action.SetDesired s) {
      target.setDesired(s.document());
    } else if (action instanceof Action.PatchDesired p) {
      target.patchDesired(p.patch());
      if (!p.settle().isZero()) {
        target.pause(p.settle());
      }
    } else if (action instanceof Action.Fault f) {
      f.changes().forEach(target::fault);
    } else if (action instanceof Action.Advance a) {
      target.advance(a.duration());
    } else if (action instanceof Action.InvokeMethod m) {
      return target.invoke(m.method(), m.payload());
    }
    return null;
  }

  private static List<Mismatch> check(Expectation e, Target target, Map<String, FileStamp> pinned,
      List<String> written, @Nullable MethodResponse answer) {
    if (e instanceof Expectation.Reported r) {
      return SubsetMatcher.match(r.expected(), target.reported(), r.pointer());
    }
    if (e instanceof Expectation.Absent a) {
      return SubsetMatcher.absent(a.paths(), target.reported(), a.pointer());
    }
    if (e instanceof Expectation.Files f) {
      List<Mismatch> out = new ArrayList<>();
      f.files().forEach((path, expected) -> out.addAll(checkFile(path, expected, target.device().file(path))));
      return out;
    }
    if (e instanceof Expectation.Unchanged u) {
      List<Mismatch> out = new ArrayList<>();
      for (String p : u.paths()) {
        FileStamp before = pinned.get(p);
        if (before != null) {
          before.differencesTo(target.device().stamp(p)).forEach(d -> out.add(new Mismatch(p, d)));
        }
      }
      return out;
    }
    if (e instanceof Expectation.Journal j) {
      return checkJournal(j, written);
    }
    Expectation.MethodAnswer m = (Expectation.MethodAnswer) e;
    if (answer == null) {
      return List.of(new Mismatch("", "no direct method was invoked in this step"));
    }
    List<Mismatch> out = new ArrayList<>();
    if (answer.status() != m.status()) {
      out.add(new Mismatch("/status", "expected " + m.status() + " but was " + answer.status() + " with payload "
          + JsonText.of(answer.payload())));
    }
    if (m.payload() != null) {
      out.addAll(SubsetMatcher.match(m.payload(), answer.payload(), "/payload"));
    }
    return out;
  }

  private static List<Mismatch> checkFile(String path, FileExpectation expected, FileState actual) {
    if (expected instanceof FileExpectation.Missing) {
      return actual instanceof FileState.Missing ? List.of()
          : List.of(new Mismatch(path, "expected absent but found " + actual.describe()));
    }
    if (!(actual instanceof FileState.Regular r)) {
      return List.of(new Mismatch(path, "expected a regular file but it is " + actual.describe()));
    }
    List<Mismatch> out = new ArrayList<>();
    if (expected instanceof FileExpectation.Holding h) {
      if (h.content() != null && !h.content().equals(r.content())) {
        out.add(new Mismatch(path, "content: expected " + JsonText.quote(h.content()) + " but was "
            + JsonText.quote(r.content())));
      }
      if (h.mode() != null && !h.mode().equals(r.mode())) {
        out.add(new Mismatch(path, "mode: expected " + h.mode() + " but was " + r.mode()));
      }
    }
    return out;
  }

  private static List<Mismatch> checkJournal(Expectation.Journal j, List<String> written) {
    List<@Nullable JsonNode> parsed = new ArrayList<>();
    for (String record : written) {
      parsed.add(parse(record));
    }
    List<Mismatch> out = new ArrayList<>();
    j.counts().forEach((kind, expected) -> {
      List<String> ofKind = new ArrayList<>();
      for (int i = 0; i < written.size(); i++) {
        JsonNode p = parsed.get(i);
        if (p != null && kind.equals(p.path("kind").asText())) {
          ofKind.add(shown(p));
        }
      }
      if (ofKind.size() != expected) {
        out.add(new Mismatch(kind + "s", "expected " + expected + " " + kind + " record(s) written during the step"
            + " but there were " + ofKind.size() + (ofKind.isEmpty() ? "" : ": " + String.join(", ", ofKind))));
      }
    });
    for (int i = 0; i < j.entries().size(); i++) {
      JsonNode pattern = j.entries().get(i);
      boolean found = parsed.stream().anyMatch(p -> p != null && SubsetMatcher.match(pattern, p).isEmpty());
      if (!found) {
        out.add(new Mismatch("entries/" + i, "no record written during the step matches " + JsonText.of(pattern)
            + closest(pattern, parsed)));
      }
    }
    for (int i = 0; i < j.contains().size(); i++) {
      String text = j.contains().get(i);
      if (written.stream().noneMatch(r -> r.contains(text))) {
        out.add(new Mismatch("contains/" + i, "no record written during the step contains " + JsonText.quote(text)));
      }
    }
    return out;
  }

  /** The mismatches against the record of the same kind that comes closest, to show what differs. */
  private static String closest(JsonNode pattern, List<@Nullable JsonNode> parsed) {
    List<Mismatch> best = null;
    for (JsonNode p : parsed) {
      if (p == null || (pattern.has("kind") && !pattern.get("kind").equals(p.path("kind")))) {
        continue;
      }
      List<Mismatch> m = SubsetMatcher.match(pattern, p);
      if (best == null || m.size() < best.size()) {
        best = m;
      }
    }
    return best == null ? " (none of its kind was written)" : "; the closest differs at " + best;
  }

  /** Intents without an outcome, described; a torn or foreign record is skipped. */
  private static List<String> openIntents(List<String> records) {
    Map<Long, String> intents = new LinkedHashMap<>();
    Set<Long> completed = new LinkedHashSet<>();
    for (String record : records) {
      JsonNode p = parse(record);
      if (p == null) {
        continue;
      }
      String kind = p.path("kind").asText();
      if (kind.equals("intent")) {
        intents.put(p.path("seq").asLong(), p.path("node").asText());
      } else if (kind.equals("outcome")) {
        completed.add(p.path("intentSeq").asLong());
      }
    }
    List<String> out = new ArrayList<>();
    intents.forEach((seq, node) -> {
      if (!completed.contains(seq)) {
        out.add("journal intent " + seq + " (" + node + ") has no outcome");
      }
    });
    return out;
  }

  private static @Nullable JsonNode parse(String record) {
    try {
      JsonNode n = JsonText.MAPPER.readTree(record);
      return n != null && n.isObject() ? n : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** A journal record for a message: without its hash chain, which only adds noise there. */
  private static String shown(JsonNode record) {
    ObjectNode copy = record.deepCopy();
    copy.remove(List.of("prevHash", "hash"));
    return JsonText.document(copy);
  }

  private static String message(Scenario scenario, Step step, List<String> problems, Target target,
      List<String> written) {
    StringBuilder b = new StringBuilder();
    b.append(scenario.name()).append(", ").append(step.describe()).append(": ");
    b.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
    for (String p : problems) {
      b.append("\n  - ").append(p);
    }
    try {
      String reported = JsonText.document(target.reported());
      b.append("\n  reported: ").append(reported);
    } catch (RuntimeException e) {
      b.append("\n  reported: (cannot be read: ").append(e.getMessage()).append(')');
    }
    if (!written.isEmpty()) {
      b.append("\n  journal records written during the step:");
      for (String r : written) {
        JsonNode p = parse(r);
        b.append("\n    ").append(p == null ? r : shown(p));
      }
    }
    return b.toString();
  }
}
