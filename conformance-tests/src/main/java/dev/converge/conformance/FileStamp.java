package dev.converge.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything a write would change about a file: its state, its identity (inode, which an atomic replace changes),
 * its modification time and its status change time (which {@code chmod} changes, even to the same mode).
 */
public record FileStamp(FileState state, @Nullable String identity, @Nullable String modified,
    @Nullable String changed) {

  public FileStamp {
    Objects.requireNonNull(state, "state");
  }

  /** How {@code later} differs from this stamp, one phrase per difference; empty when it does not. */
  public List<String> differencesTo(FileStamp later) {
    List<String> out = new ArrayList<>();
    if (!state.equals(later.state)) {
      out.add("was " + state.describe() + ", now " + later.state.describe());
    }
    if (!Objects.equals(identity, later.identity)) {
      out.add("was replaced by another file (" + identity + " -> " + later.identity + ")");
    }
    if (!Objects.equals(modified, later.modified)) {
      out.add("modification time changed from " + modified + " to " + later.modified);
    }
    if (!Objects.equals(changed, later.changed)) {
      out.add("status change time changed from " + changed + " to " + later.changed + " (chmod or write)");
    }
    return out;
  }
}
