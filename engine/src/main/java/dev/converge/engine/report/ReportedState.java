package dev.converge.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The current {@link GroupReport} of every group the engine reports on. Thread-safe. */
public final class ReportedState {

  private final Map<String, GroupReport> groups = new TreeMap<>();
  private boolean dirty;

  public synchronized Optional<GroupReport> get(String group) {
    return Optional.ofNullable(groups.get(group));
  }

  /** Stores a report; an equal report keeps the stored instance, so unchanged groups need no re-rendering. */
  public synchronized void put(GroupReport report) {
    GroupReport old = groups.get(report.group());
    if (!report.equals(old)) {
      groups.put(report.group(), report);
      dirty = true;
    }
  }

  /** Whether any report changed since the last call. */
  public synchronized boolean takeChanged() {
    boolean was = dirty;
    dirty = false;
    return was;
  }

  public synchronized List<GroupReport> all() {
    return new ArrayList<>(groups.values());
  }
}
