package dev.converge.engine.port;

import java.util.List;

/**
 * Durable, append-only storage for journal records (one JSON text each). The engine builds the records, chains
 * their hashes and replays them; an implementation only stores lines.
 *
 * <p>{@link #append} returns only after the record is durable (fsync for a file). {@link #records} returns every
 * stored record in order, including a torn last record exactly as found, so the engine can detect and report it.
 */
public interface Journal {

  void append(String record);

  List<String> records();
}
