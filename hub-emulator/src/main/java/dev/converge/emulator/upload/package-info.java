/**
 * Device file upload as IoT Hub offers it: a device asks for a blob SAS URI ({@code POST /devices/{id}/files}), PUTs
 * the file to the emulated blob container with it, and reports completion ({@code POST
 * /devices/{id}/files/notifications}). Blobs are files under the hub's state folder; {@link
 * dev.converge.emulator.upload.FileUploads} is the entry point and the in-process API. The HTTPS server that routes
 * requests here belongs to {@code dev.converge.emulator.service}; this package only provides the handlers.
 */
@NullMarked
package dev.converge.emulator.upload;

import org.jspecify.annotations.NullMarked;
