package dev.converge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One side of the latency comparison: a connected device that answers a desired patch with a reported patch. */
interface LatencyProbe extends AutoCloseable {

  ObjectMapper JSON = new ObjectMapper();

  /** What the table calls this side. */
  String label();

  /**
   * Writes {@code patch} into the device's desired properties at the hub and waits (at most 10 s) until the hub has
   * accepted the reported patch that answers it.
   *
   * @return nanoseconds from just before the desired write to the hub accepting the answer
   */
  long roundTrip(JsonNode patch) throws Exception;

  @Override
  void close();
}
