package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** What must hold once a step's action is done. Each kind names itself in failure messages by {@link #label()}. */
public sealed interface Expectation {

  /** The scenario key this expectation came from, e.g. {@code expectReported} or {@code output.present}. */
  String label();

  /**
   * The reported document contains {@code expected} ({@link SubsetMatcher} rules).
   *
   * @param pointer where the expected document sits in the scenario's view of the twin: empty for recipes,
   *     {@code /properties/reported} for validator files; prefixed to every mismatch pointer
   */
  record Reported(String label, JsonNode expected, String pointer) implements Expectation {
    public Reported {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(expected, "expected");
      Objects.requireNonNull(pointer, "pointer");
    }
  }

  /** None of the paths exists in the reported document. */
  record Absent(String label, List<ReportedPath> paths, String pointer) implements Expectation {
    public Absent {
      Objects.requireNonNull(label, "label");
      paths = List.copyOf(paths);
      Objects.requireNonNull(pointer, "pointer");
    }
  }

  /** Each device path holds what is expected of it. */
  record Files(Map<String, FileExpectation> files) implements Expectation {
    public Files {
      files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    @Override
    public String label() {
      return "expectFiles";
    }
  }

  /**
   * Nothing wrote these files during the step: same content, mode, identity, modification and status change time.
   * The runner pins each file's modification time before the step's action (see {@link DeviceRoot#pin}).
   */
  record Unchanged(List<String> paths) implements Expectation {
    public Unchanged {
      paths = List.copyOf(paths);
    }

    @Override
    public String label() {
      return "expectUnchanged";
    }
  }

  /**
   * The journal records written during the step.
   *
   * @param counts how many records of a kind ({@code intent}, {@code outcome}, {@code drift}, {@code recovery})
   * @param entries each must match ({@link SubsetMatcher}) at least one record
   * @param contains each must be a substring of at least one record's text
   */
  record Journal(Map<String, Integer> counts, List<JsonNode> entries, List<String> contains) implements Expectation {
    /** The record kinds, as journal lines spell them. */
    public static final Set<String> KINDS = Set.of("intent", "outcome", "drift", "recovery");

    public Journal {
      counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
      counts.forEach((kind, n) -> {
        if (!KINDS.contains(kind) || n < 0) {
          throw new IllegalArgumentException("journal count " + kind + "=" + n);
        }
      });
      entries = List.copyOf(entries);
      contains = List.copyOf(contains);
    }

    @Override
    public String label() {
      return "expectJournal";
    }
  }

  /** The step's direct method answered with this status and a payload containing {@code payload}. */
  record MethodAnswer(String label, int status, @Nullable JsonNode payload) implements Expectation {
    public MethodAnswer {
      Objects.requireNonNull(label, "label");
    }
  }
}
