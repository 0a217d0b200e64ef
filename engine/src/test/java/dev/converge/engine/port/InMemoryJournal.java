package dev.converge.engine.port;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A {@link Journal} kept in a list, for tests. It behaves as the agent's {@code FileJournal} does: records are kept
 * exactly as given, and a torn last record stays a record of its own when appending continues.
 *
 * <p>Besides the port it can damage itself the way storage does: tear the last record (power loss mid-write),
 * change, remove or swap records, and fail appends. Line numbers are 1-based, as in journal problems. Thread-safe.
 */
public final class InMemoryJournal implements Journal {

  private final List<String> records = new ArrayList<>();
  private int appends;
  private int failuresToCome;
  private int tornFailureKeepChars = -1;
  private boolean failAfterStoring;

  public InMemoryJournal() {}

  /** A journal that already holds these records. */
  public static InMemoryJournal of(List<String> records) {
    InMemoryJournal j = new InMemoryJournal();
    j.records.addAll(records);
    return j;
  }

  @Override
  public synchronized void append(String record) {
    if (record.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a record must be one line");
    }
    if (tornFailureKeepChars >= 0) {
      records.add(record.substring(0, Math.min(tornFailureKeepChars, record.length())));
      tornFailureKeepChars = -1;
      throw new UncheckedIOException("in-memory journal: write cut off", new IOException("No space left on device"));
    }
    if (failuresToCome > 0) {
      failuresToCome--;
      throw new UncheckedIOException("in-memory journal: append failed", new IOException("Input/output error"));
    }
    records.add(record);
    appends++;
    if (failAfterStoring) {
      failAfterStoring = false;
      throw new UncheckedIOException("in-memory journal: sync failed", new IOException("Input/output error"));
    }
  }

  @Override
  public synchronized List<String> records() {
    return List.copyOf(records);
  }

  /** How many appends succeeded. */
  public synchronized int appends() {
    return appends;
  }

  public synchronized int size() {
    return records.size();
  }

  /** The record at a 1-based line. */
  public synchronized String record(int line) {
    return records.get(line - 1);
  }

  /** Simulates power loss during the last write: keeps only the first {@code keepChars} characters of it. */
  public synchronized void tearLastRecord(int keepChars) {
    int last = records.size() - 1;
    records.set(last, records.get(last).substring(0, keepChars));
  }

  /** Adds a record that was only partly written. */
  public synchronized void appendTorn(String partialRecord) {
    records.add(partialRecord);
  }

  /** Replaces the record at {@code line}. */
  public synchronized void replace(int line, String record) {
    records.set(line - 1, record);
  }

  /** Changes the record at {@code line}. */
  public synchronized void corrupt(int line, UnaryOperator<String> change) {
    records.set(line - 1, change.apply(records.get(line - 1)));
  }

  /** Removes the record at {@code line}. */
  public synchronized void remove(int line) {
    records.remove(line - 1);
  }

  /** Swaps two records. */
  public synchronized void swap(int line, int otherLine) {
    Collections.swap(records, line - 1, otherLine - 1);
  }

  /** Makes the next {@code count} appends throw {@link UncheckedIOException} without storing anything. */
  public synchronized void failNextAppends(int count) {
    failuresToCome = count;
  }

  /** Makes the next append store its record in full and then throw, as a failed fsync after a write does. */
  public synchronized void failNextAppendAfterStoring() {
    failAfterStoring = true;
  }

  /** Makes the next append store only its first {@code keepChars} characters and then throw. */
  public synchronized void tearNextAppend(int keepChars) {
    tornFailureKeepChars = keepChars;
  }
}
