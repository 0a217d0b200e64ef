package dev.converge.emulator.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingUploadsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant LATER = NOW.plus(Duration.ofHours(1));

  private final PendingUploads pending = new PendingUploads(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void a_device_has_at_most_ten_uploads_in_flight() {
    for (int i = 0; i < PendingUploads.MAX_ACTIVE_PER_DEVICE; i++) {
      assertThat(pending.start("dev-1", new BlobName("dev-1/f" + i), LATER)).isPresent();
    }

    assertThat(pending.start("dev-1", new BlobName("dev-1/one-more"), LATER)).isEmpty();
    assertThat(pending.start("dev-2", new BlobName("dev-2/f"), LATER)).as("other devices unaffected").isPresent();

    PendingUpload first = pending.all().get(0);
    assertThat(pending.finish("dev-1", first.correlationId())).contains(first);
    assertThat(pending.start("dev-1", new BlobName("dev-1/one-more"), LATER)).isPresent();
  }

  @Test
  void only_the_uploading_device_finishes_an_upload_and_only_once() {
    PendingUpload upload = pending.start("dev-1", new BlobName("dev-1/f"), LATER).orElseThrow();

    assertThat(pending.finish("dev-2", upload.correlationId())).isEmpty();
    assertThat(pending.finish("dev-1", upload.correlationId())).contains(upload);
    assertThat(pending.finish("dev-1", upload.correlationId())).isEmpty();
  }

  @Test
  void expired_uploads_are_forgotten() {
    Optional<PendingUpload> expired = pending.start("dev-1", new BlobName("dev-1/f"), NOW);

    assertThat(pending.finish("dev-1", expired.orElseThrow().correlationId())).isEmpty();
    assertThat(pending.all()).isEmpty();
  }
}
