package dev.converge.emulator.upload;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.converge.emulator.wire.QueryString;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulated blob endpoint: {@code PUT https://{hostName}/{container}/{blobName}{sasToken}} with {@code
 * x-ms-blob-type: BlockBlob} (Azure Storage "Put Blob") stores the body and answers 201 with the ETag and
 * Last-Modified headers Azure sends. Route the path prefix {@code /{container}/} here. Errors are Azure Storage's XML:
 * 403 AuthenticationFailed, 400 MissingRequiredHeader or InvalidResourceName, 413 RequestBodyTooLarge.
 */
final class BlobHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(BlobHandler.class);

  private final FileUploads uploads;

  BlobHandler(FileUploads uploads) {
    this.uploads = uploads;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream body = exchange.getRequestBody()) {
      answer(exchange, body).send(exchange);
    }
  }

  private HttpReply answer(HttpExchange exchange, InputStream body) throws IOException {
    String prefix = "/" + FileUploads.CONTAINER + "/";
    String path = exchange.getRequestURI().getPath();
    if (!path.startsWith(prefix)) {
      return HttpReply.storageError(404, "ContainerNotFound", "The specified container does not exist.");
    }
    if (!exchange.getRequestMethod().equals("PUT")) {
      return HttpReply.storageError(405, "UnsupportedHttpVerb",
          "The resource doesn't support the specified HTTP verb " + exchange.getRequestMethod() + ".");
    }
    String name = path.substring(prefix.length());
    Optional<String> nameProblem = BlobName.problem(name);
    if (nameProblem.isPresent()) {
      return HttpReply.storageError(400, "InvalidResourceName", nameProblem.get());
    }
    BlobName blob = new BlobName(name);
    Optional<String> denied = uploads.writeProblem(blob, QueryString.parse(Objects.requireNonNullElse(exchange.getRequestURI().getRawQuery(), "")));
    if (denied.isPresent()) {
      LOG.info("Blob PUT of {} refused: {}", blob, denied.get());
      return HttpReply.storageError(403, "AuthenticationFailed",
          "Server failed to authenticate the request. " + denied.get());
    }
    String type = exchange.getRequestHeaders().getFirst("x-ms-blob-type");
    if (type == null || !type.equalsIgnoreCase("BlockBlob")) {
      return HttpReply.storageError(400, "MissingRequiredHeader",
          "An HTTP header that's mandatory for this request is not specified: x-ms-blob-type: BlockBlob");
    }
    Optional<UploadedFile> stored = uploads.store(blob, body);
    if (stored.isEmpty()) {
      return HttpReply.storageError(413, "RequestBodyTooLarge",
          "The request body is too large and exceeds the maximum permissible limit of "
              + FileUploads.MAX_BLOB_BYTES + " bytes.");
    }
    UploadedFile file = stored.get();
    String etag = "\"0x" + Long.toHexString(file.lastModified().toEpochMilli()).toUpperCase(Locale.ROOT) + "\"";
    return HttpReply.empty(201)
        .withHeader("ETag", etag)
        .withHeader("Last-Modified",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(file.lastModified().atOffset(ZoneOffset.UTC)))
        .withHeader("x-ms-version", BlobSas.SERVICE_VERSION)
        .withHeader("x-ms-request-server-encrypted", "true");
  }

}
