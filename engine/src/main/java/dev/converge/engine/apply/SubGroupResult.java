package dev.converge.engine.apply;

import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.ReportedError;
import java.util.List;
import java.util.Objects;

/** What happened to one sub-group: each change's fate, and the errors keyed by property. */
public record SubGroupResult(GroupKey key, List<ChangeResult> changes, List<Keyed> errors) {

  /** An error and the property key it is reported under in {@code __errors}. */
  public record Keyed(String property, ReportedError error) {
    public Keyed {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(error, "error");
    }
  }

  public SubGroupResult {
    Objects.requireNonNull(key, "key");
    changes = List.copyOf(changes);
    errors = List.copyOf(errors);
  }

  public boolean isSuccess() {
    return errors.isEmpty();
  }
}
