package dev.converge.emulator.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {

  @TempDir Path dir;

  @Test
  void names_that_could_leave_the_container_are_refused() {
    for (String bad : new String[] {"", "../x", "dev/../../x", "dev//x", "/dev/x", "dev/x/", "dev/./x", "dev\\x",
        "dev/x\u0000", "..", "."}) {
      assertThat(BlobName.problem(bad)).as("'%s'", bad).isPresent();
      assertThatThrownBy(() -> new BlobName(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(BlobName.problem("dev-1/logs/2026-01-01 boot.log")).isEmpty();
    assertThat(BlobName.problem("dev-1/..hidden/x..y")).isEmpty();
    assertThat(BlobName.problem("d/" + "x".repeat(BlobName.MAX_LENGTH))).isPresent();
  }

  @Test
  void stores_lists_and_replaces_blobs_under_the_container_folder() throws Exception {
    BlobStore store = new BlobStore(dir, "box");

    assertThat(store.put(new BlobName("dev-1/logs/a.txt"), stream("first"), 100)).contains(5L);
    assertThat(store.put(new BlobName("dev-1/logs/a.txt"), stream("second"), 100)).contains(6L);
    assertThat(store.put(new BlobName("dev-2/b.bin"), stream(""), 100)).contains(0L);

    assertThat(store.list()).extracting(UploadedFile::blobName).containsExactly("dev-1/logs/a.txt", "dev-2/b.bin");
    UploadedFile a = store.get(new BlobName("dev-1/logs/a.txt")).orElseThrow();
    assertThat(a.file()).isEqualTo(dir.resolve("box/dev-1/logs/a.txt").toAbsolutePath());
    assertThat(Files.readString(a.file())).isEqualTo("second");
    assertThat(a.deviceId()).isEqualTo("dev-1");
    assertThat(store.get(new BlobName("dev-9/none"))).isEmpty();
  }

  @Test
  void a_blob_over_the_limit_is_not_stored_and_leaves_no_temporary_file() throws Exception {
    BlobStore store = new BlobStore(dir, "box");
    store.put(new BlobName("dev-1/a.txt"), stream("kept"), 100);

    assertThat(store.put(new BlobName("dev-1/a.txt"), stream("x".repeat(11)), 10)).isEmpty();

    assertThat(Files.readString(store.get(new BlobName("dev-1/a.txt")).orElseThrow().file())).isEqualTo("kept");
    try (Stream<Path> incoming = Files.list(dir.resolve(".incoming"))) {
      assertThat(incoming).isEmpty();
    }
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
