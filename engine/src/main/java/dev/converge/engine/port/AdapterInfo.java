package dev.converge.engine.port;

import java.util.Objects;

/**
 * What an adapter says about itself ({@code MmiGetInfo} in OSConfig terms).
 *
 * @param id the id capability definitions name in {@code adapter:}
 * @param description one line for {@code __deviceSchemas} and {@code converge validate}
 * @param version the adapter's own version
 * @param predictsOutcome whether a write's result equals the value written, so {@code converge plan} can show the
 *     outcome; adapters that cannot know (a package manager picking a version) say {@code false} and plans show
 *     {@code unknown}
 */
public record AdapterInfo(String id, String description, String version, boolean predictsOutcome) {
  public AdapterInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(version, "version");
  }
}
