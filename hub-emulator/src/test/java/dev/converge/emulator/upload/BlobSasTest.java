package dev.converge.emulator.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobSasTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final BlobName BLOB = new BlobName("dev-1/a.txt");

  private final BlobSas sas = new BlobSas("hub.azure-devices.net", Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void an_issued_token_allows_writing_its_blob_until_it_expires() {
    String token = sas.issue("box", BLOB, NOW.plus(Duration.ofHours(1)));

    assertThat(token).startsWith("?sv=2018-03-28&sr=b&sig=").endsWith("&sp=rw");
    assertThat(sas.writeProblem("box", BLOB, query(token))).isEmpty();

    BlobSas later = new BlobSas("hub.azure-devices.net", Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));
    later.restoreAccountKey(sas.accountKey());
    assertThat(later.writeProblem("box", BLOB, query(token))).get().asString().contains("expired");
  }

  @Test
  void a_token_does_not_reach_other_blobs_and_cannot_be_altered() {
    Map<String, String> granted = query(sas.issue("box", BLOB, NOW.plus(Duration.ofHours(1))));

    assertThat(sas.writeProblem("box", new BlobName("dev-1/b.txt"), granted)).isPresent();
    assertThat(sas.writeProblem("other", BLOB, granted)).isPresent();
    Map<String, String> longer = new LinkedHashMap<>(granted);
    longer.put("se", NOW.plus(Duration.ofDays(9)).toString());
    assertThat(sas.writeProblem("box", BLOB, longer)).isPresent();
    Map<String, String> readOnly = new LinkedHashMap<>(granted);
    readOnly.put("sp", "r");
    assertThat(sas.writeProblem("box", BLOB, readOnly)).isPresent();
    assertThat(sas.writeProblem("box", BLOB, Map.of())).isPresent();

    BlobSas otherAccount = new BlobSas("hub.azure-devices.net", Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(otherAccount.writeProblem("box", BLOB, granted)).as("another account key").isPresent();
  }

  private static Map<String, String> query(String token) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : token.substring(1).split("&")) {
      int equals = pair.indexOf('=');
      parameters.put(pair.substring(0, equals),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }
}
