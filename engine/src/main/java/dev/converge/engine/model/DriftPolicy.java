package dev.converge.engine.model;

import java.util.Locale;

/** What a capability does when a scan finds actual state that no longer matches desired. */
public enum DriftPolicy {
  /** Put the device back to desired and report that it was done. */
  REMEDIATE,
  /** Leave the device alone and report the drift ({@code deploymentStatus: drifted}). */
  REPORT,
  /** Neither fix nor report. */
  IGNORE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DriftPolicy parse(String text) {
    for (DriftPolicy p : values()) {
      if (p.wireName().equals(text)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown drift policy '" + text + "' (remediate, report or ignore)");
  }
}
