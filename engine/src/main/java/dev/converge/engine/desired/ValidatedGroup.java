package dev.converge.engine.desired;

import dev.converge.engine.model.ReportedError;
import java.util.List;
import java.util.Objects;

/** The result of validating one desired group: applicable state, or the errors that keep it from being applied. */
public sealed interface ValidatedGroup permits ValidatedGroup.Valid, ValidatedGroup.Invalid {

  GroupMeta meta();

  long revision();

  record Valid(DesiredState state) implements ValidatedGroup {
    public Valid {
      Objects.requireNonNull(state, "state");
    }

    @Override
    public GroupMeta meta() {
      return state.meta();
    }

    @Override
    public long revision() {
      return state.revision();
    }
  }

  /** Never applied; every error names the JSON pointer, the rule and the offending value. */
  record Invalid(String group, long revision, GroupMeta meta, List<ReportedError> errors) implements ValidatedGroup {
    public Invalid {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(meta, "meta");
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("an invalid group needs at least one error");
      }
    }
  }
}
