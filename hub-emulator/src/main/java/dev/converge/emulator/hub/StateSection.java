package dev.converge.emulator.hub;

import com.fasterxml.jackson.databind.JsonNode;

/** One part of the hub's durable state (identities, twins, configurations, enrollments...). */
public interface StateSection {

  /** The member name of this section in the state file. */
  String name();

  /** The section as JSON, consistent at the moment of the call. */
  JsonNode save();

  /** Replaces the section's contents with what {@link #save()} once produced. */
  void load(JsonNode saved);
}
