package dev.converge.engine.desired;

/** How much of a group's actual state is reported ({@code __meta.reportingMode}). */
public enum ReportingMode {
  /** Actual values of every property. */
  DETAILED,
  /** Only {@code __meta} and {@code __errors}. */
  MINIMAL,
  /** Only {@code __meta} and {@code __errors}; kept distinct for the original agent's collectors. */
  NONE;

  public static ReportingMode parse(String text) {
    switch (text) {
      case "minimal": return MINIMAL;
      case "none": return NONE;
      default: return DETAILED;
    }
  }

  public boolean reportsValues() {
    return this == DETAILED;
  }
}
