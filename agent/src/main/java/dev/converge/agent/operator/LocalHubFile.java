package dev.converge.agent.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What a running {@code converge hub} tells other commands on the same machine: its service connection string,
 * where HTTPS listens and which CA to trust. Written to {@code <state>/local-hub.json}, readable by the owner only
 * (it holds the owner policy's key).
 *
 * @param httpsAddress {@code address} or {@code address:port} of the service API
 */
public record LocalHubFile(String serviceConnectionString, String httpsAddress, Path caFile) {

  public static final String NAME = "local-hub.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public static Path in(Path stateDir) {
    return stateDir.resolve(NAME);
  }

  /** The operator target this file describes. */
  public ServiceTarget target() {
    return ServiceTarget.parse(serviceConnectionString).withGateway(httpsAddress).withCa(caFile);
  }

  public void write(Path stateDir) throws IOException {
    ObjectNode node = JSON.createObjectNode()
        .put("serviceConnectionString", serviceConnectionString)
        .put("httpsAddress", httpsAddress)
        .put("caFile", caFile.toString());
    Path file = in(stateDir);
    Path temp = file.resolveSibling(NAME + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads the file of the local hub whose state is in {@code stateDir}.
   *
   * @throws IllegalArgumentException when there is none or it is damaged, saying what to do
   */
  public static LocalHubFile read(Path stateDir) {
    Path file = in(stateDir);
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new IllegalArgumentException(
          "no local hub in " + stateDir + " (" + file + " is missing): start one with 'converge hub', or pass"
              + " --connection-string for a real hub");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage());
    }
    for (String field : new String[] {"serviceConnectionString", "httpsAddress", "caFile"}) {
      if (!node.path(field).isTextual()) {
        throw new IllegalArgumentException(file + " has no '" + field + "'; restart 'converge hub' to rewrite it");
      }
    }
    return new LocalHubFile(
        node.get("serviceConnectionString").asText(), node.get("httpsAddress").asText(),
        Path.of(node.get("caFile").asText()));
  }
}
