package dev.converge.emulator.query;

/** The document collection a query iterates: device twins or module twins. */
public enum Source {
  DEVICES("devices"),
  MODULES("devices.modules");

  private final String collection;

  Source(String collection) {
    this.collection = collection;
  }

  /** The collection's name as written after {@code FROM}. */
  public String collection() {
    return collection;
  }
}
