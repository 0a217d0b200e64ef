package dev.converge.engine.journal;

import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.Clock;
import dev.converge.engine.port.InMemoryJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Clocks and small journals shared by the journal tests. */
final class JournalFixtures {

  static final Instant START = Instant.parse("2026-11-26T04:00:00Z");
  static final GroupKey TIME_INFO = GroupKey.of("timeInfo");
  static final GroupKey CERT = GroupKey.item("certificates", "root-ca");

  private JournalFixtures() {}

  /** A clock that starts at {@link #START} and moves one second per reading. */
  static Clock ticking() {
    AtomicLong seconds = new AtomicLong();
    return () -> START.plusSeconds(seconds.getAndIncrement());
  }

  /**
   * Seven lines: three intents with their outcomes, and a drift in between.
   *
   * <pre>
   * 1 intent   timeInfo ./Device/Time/Zone
   * 2 outcome  of 1, applied
   * 3 intent   certificates/root-ca ./Device/Certificates/root-ca
   * 4 drift    timeInfo ntpServer
   * 5 outcome  of 3, failed
   * 6 intent   timeInfo ./Device/Time/NtpServer
   * 7 outcome  of 6, applied
   * </pre>
   */
  static InMemoryJournal sevenLines() {
    InMemoryJournal journal = new InMemoryJournal();
    JournalRecorder r = JournalRecorder.open(journal, ticking());
    long zone = r.intent(TIME_INFO, "./Device/Time/Zone", "replace", NodeValue.of("UTC"),
        NodeValue.of("Europe/Berlin"), 17, "tz-eu");
    r.outcome(zone, "applied", NodeValue.of("Europe/Berlin"), null);
    long cert = r.intent(CERT, "./Device/Certificates/root-ca", "add", NodeValue.absent(),
        NodeValue.object("thumbprint", NodeValue.of("ab12"), "store", NodeValue.of("root")), 17, "certs");
    r.drift(TIME_INFO, "ntpServer", "./Device/Time/NtpServer", NodeValue.of("pool.ntp.org"),
        NodeValue.of("time.example"), "remediated", 17, "tz-eu");
    r.outcome(cert, "failed", NodeValue.absent(), "cannot write /etc/ssl/certs: read-only \"file system\"");
    long ntp = r.intent(TIME_INFO, "./Device/Time/NtpServer", "replace", NodeValue.of("time.example"),
        NodeValue.of("pool.ntp.org"), 17, "tz-eu");
    r.outcome(ntp, "applied", NodeValue.of("pool.ntp.org"), null);
    return journal;
  }

  /** The records with one character replaced. */
  static List<String> withCharAt(List<String> records, int line, int index, char c) {
    List<String> copy = new ArrayList<>(records);
    StringBuilder b = new StringBuilder(copy.get(line - 1));
    b.setCharAt(index, c);
    copy.set(line - 1, b.toString());
    return copy;
  }

  /** Text as a file holds it: each record followed by a newline. */
  static String asFileText(List<String> records) {
    StringBuilder b = new StringBuilder();
    records.forEach(r -> b.append(r).append('\n'));
    return b.toString();
  }

  /** Records as a file journal reads them: lines, and a last line without newline as a torn record. */
  static List<String> asRecords(String fileText) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < fileText.length(); i++) {
      if (fileText.charAt(i) == '\n') {
        out.add(fileText.substring(start, i));
        start = i + 1;
      }
    }
    if (start < fileText.length()) {
      out.add(fileText.substring(start));
    }
    return out;
  }
}
