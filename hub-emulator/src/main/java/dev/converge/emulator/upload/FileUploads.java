package dev.converge.emulator.upload;

import com.sun.net.httpserver.HttpHandler;
import dev.converge.emulator.hub.DeviceAuthentication;
import dev.converge.emulator.hub.Hub;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub file upload with an emulated storage account: the in-process API (uploaded files, completions) and two
 * HTTPS handlers, {@link #deviceHandler()} for {@code POST /devices/{id}/files[/notifications]} and {@link
 * #blobHandler()} for the blob PUT under {@link #blobPathPrefix()}.
 *
 * <p>The blob host is the hub's own host name, so the same HTTPS server (port 443) serves both, and blobs are files
 * under the given folder. Create it before the hub's state is loaded: it adds the durable {@code fileUpload} section.
 * Thread-safe.
 */
public final class FileUploads {

  /** The one blob container, as configured on a hub's file upload settings. */
  public static final String CONTAINER = "fileuploads";
  /** How long a SAS URI (and its correlation id) stays valid; IoT Hub's default is one hour. */
  public static final Duration SAS_TTL = Duration.ofHours(1);
  /** The largest blob one PUT may store here. */
  public static final long MAX_BLOB_BYTES = 256L * 1024 * 1024;
  /** Completions kept for inspection, oldest dropped first. */
  public static final int COMPLETIONS_KEPT = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(FileUploads.class);

  private final Hub hub;
  private final String hostName;
  private final Clock clock;
  private final BlobStore store;
  private final BlobSas sas;
  private final PendingUploads pending;
  private final Deque<UploadCompletion> completions = new ArrayDeque<>();
  private final DeviceFilesHandler deviceHandler;
  private final BlobHandler blobHandler;

  /**
   * @param hub the hub whose devices upload; its state must not be loaded yet
   * @param hostName the hub host name, also used as the blob host
   * @param folder where blobs are stored (e.g. the hub state folder's {@code uploads})
   */
  public FileUploads(Hub hub, String hostName, Path folder) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.hostName = Objects.requireNonNull(hostName, "hostName");
    this.clock = hub.clock();
    this.store = new BlobStore(folder, CONTAINER);
    this.sas = new BlobSas(hostName, clock);
    this.pending = new PendingUploads(clock);
    this.deviceHandler = new DeviceFilesHandler(
        this, new DeviceAuthentication(hostName, hub.identities(), clock), clock);
    this.blobHandler = new BlobHandler(this);
    hub.addSection(new UploadState(sas, pending, this));
  }

  /** Handles {@code POST /devices/{id}/files} and {@code /files/notifications}; route {@link #isDevicePath} paths. */
  public HttpHandler deviceHandler() {
    return deviceHandler;
  }

  /**
   * Whether a request path is one {@link #deviceHandler()} serves. Needed because {@code /devices/} is shared with the
   * registry API, so a path prefix cannot route it.
   */
  public static boolean isDevicePath(String path) {
    return DeviceFilesHandler.PATH.matcher(path).matches();
  }

  /** Handles the blob PUT; route {@link #blobPathPrefix()} here. */
  public HttpHandler blobHandler() {
    return blobHandler;
  }

  /** {@code /fileuploads/}. */
  public String blobPathPrefix() {
    return "/" + CONTAINER + "/";
  }

  /** The storage host devices upload to: the hub's own host name. */
  public String blobHostName() {
    return hostName;
  }

  /** Every stored blob, sorted by name ({@code {deviceId}/{name}}). */
  public List<UploadedFile> files() {
    try {
      return store.list();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list uploaded files", e);
    }
  }

  /** The blobs {@code deviceId} uploaded. */
  public List<UploadedFile> files(String deviceId) {
    return files().stream().filter(f -> f.deviceId().equals(deviceId)).toList();
  }

  /** Completion reports, oldest first; the successful ones are IoT Hub's file upload notifications. */
  public synchronized List<UploadCompletion> completions() {
    return List.copyOf(completions);
  }

  /** Puts back completions loaded from durable state, replacing any. */
  synchronized void restoreCompletions(List<UploadCompletion> saved) {
    completions.clear();
    saved.stream().skip(Math.max(0, saved.size() - COMPLETIONS_KEPT)).forEach(completions::addLast);
  }

  Optional<PendingUpload> start(String deviceId, BlobName blobName) {
    Optional<PendingUpload> started = pending.start(deviceId, blobName, clock.instant().plus(SAS_TTL));
    started.ifPresent(p -> hub.changed());
    return started;
  }

  String sasToken(PendingUpload upload) {
    return sas.issue(CONTAINER, upload.blobName(), upload.expiry());
  }

  Optional<String> writeProblem(BlobName blobName, Map<String, String> query) {
    return sas.writeProblem(CONTAINER, blobName, query);
  }

  /** Stores the blob; empty when it exceeds {@link #MAX_BLOB_BYTES}. */
  Optional<UploadedFile> store(BlobName blobName, InputStream content) throws IOException {
    if (store.put(blobName, content, MAX_BLOB_BYTES).isEmpty()) {
      return Optional.empty();
    }
    return store.get(blobName);
  }

  Optional<UploadCompletion> complete(String deviceId, String correlationId, boolean isSuccess,
      @Nullable Integer statusCode, @Nullable String statusDescription) {
    Optional<PendingUpload> finished = pending.finish(deviceId, correlationId);
    if (finished.isEmpty()) {
      return Optional.empty();
    }
    BlobName blobName = finished.get().blobName();
    long size;
    try {
      size = store.get(blobName).map(UploadedFile::size).orElse(0L);
    } catch (IOException e) {
      LOG.warn("Cannot read the size of blob {}: {}", blobName, e.toString());
      size = 0;
    }
    UploadCompletion completion = new UploadCompletion(correlationId, deviceId, blobName.value(),
        "https://" + hostName + "/" + CONTAINER + "/" + blobName.value(), isSuccess, statusCode, statusDescription,
        size, clock.instant());
    synchronized (this) {
      if (completions.size() == COMPLETIONS_KEPT) {
        completions.removeFirst();
      }
      completions.addLast(completion);
    }
    hub.changed();
    LOG.info("File upload {} of {} completed: success={}, {} bytes", blobName, deviceId, isSuccess, size);
    return Optional.of(completion);
  }
}
