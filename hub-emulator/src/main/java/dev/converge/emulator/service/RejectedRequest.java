package dev.converge.emulator.service;

import java.util.Objects;

/**
 * Ends a request early with {@link #error()}: thrown by request parsing deep inside a resource and answered by {@link
 * ServiceApi}, which is its only catcher. Not for bugs, which surface as 500.
 */
final class RejectedRequest extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ApiError error;

  RejectedRequest(ApiError error) {
    super(error.message(), null, false, false);
    this.error = Objects.requireNonNull(error, "error");
  }

  ApiError error() {
    return error;
  }
}
