package dev.converge.conformance;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as scenarios write them: {@code 5m}, {@code 1h30m}, {@code 30s}, {@code 250ms}, {@code 1d}, or ISO-8601
 * ({@code PT5M}), the units capability definitions use for scan intervals.
 */
final class Durations {

  private static final Pattern SHORT = Pattern.compile("(?:[0-9]+(?:ms|d|h|m|s))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|d|h|m|s)");

  private Durations() {}

  /**
   * Reads a duration.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  static Duration parse(String text) {
    String t = text.trim();
    if (SHORT.matcher(t).matches()) {
      Duration d = Duration.ZERO;
      Matcher m = PART.matcher(t);
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        d = d.plus(switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
      }
      return d;
    }
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a duration; write 5m, 1h30m, 30s, 250ms, 1d or PT5M");
  }

  /** The short form: {@code 5m}, {@code 1h30m}, {@code 10s}. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long days = d.toDays();
    if (days > 0) {
      b.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      b.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      b.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      b.append(d.toSecondsPart()).append('s');
    }
    if (d.toMillisPart() > 0) {
      b.append(d.toMillisPart()).append("ms");
    }
    return b.toString();
  }
}
