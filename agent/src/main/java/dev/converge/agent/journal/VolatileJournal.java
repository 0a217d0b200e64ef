package dev.converge.agent.journal;

import dev.converge.engine.port.Journal;
import java.util.ArrayList;
import java.util.List;

/** A journal kept in memory only: for what-if runs ({@code converge plan}), which must record nothing on disk. */
public final class VolatileJournal implements Journal {

  private final List<String> records = new ArrayList<>();

  @Override
  public synchronized void append(String record) {
    records.add(record);
  }

  @Override
  public synchronized List<String> records() {
    return List.copyOf(records);
  }
}
