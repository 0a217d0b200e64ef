package dev.converge.emulator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Name resolution for tests without touching the system: the surefire configuration starts the JVM with {@code
 * -Djdk.net.hosts.file=target/test-hosts}, and this class writes that file, mapping {@code hub-N.azure-devices.net}
 * (and {@code dps-N.azure-devices-provisioning.net}) to {@code 127.0.0.N} for every N a test may use. Java 17 reads
 * the file on each lookup, so writing it before the first connection is enough.
 */
public final class HostsFile {

  private HostsFile() {}

  public static String hubName(int n) {
    return "hub-" + n + ".azure-devices.net";
  }

  public static String dpsName(int n) {
    return "dps-" + n + ".azure-devices-provisioning.net";
  }

  /** Writes the hosts file named by {@code jdk.net.hosts.file}, if the JVM was started with one. */
  public static synchronized void install() {
    String file = System.getProperty("jdk.net.hosts.file");
    if (file == null) {
      return;
    }
    StringBuilder lines = new StringBuilder("127.0.0.1 localhost\n");
    for (int n = 1; n <= 254; n++) {
      lines.append("127.0.0.").append(n).append(' ').append(hubName(n)).append(' ').append(dpsName(n)).append('\n');
    }
    try {
      Path path = Path.of(file);
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      Files.writeString(path, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
