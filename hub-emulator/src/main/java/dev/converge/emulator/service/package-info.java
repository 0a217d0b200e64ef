/**
 * IoT Hub's service REST API over HTTPS, as the official service SDKs call it: device and module identities, twins,
 * configurations, queries and direct methods, authenticated with the hub's shared access policies.
 *
 * <p>{@link dev.converge.emulator.service.HttpsFrontDoor} owns the HTTPS listener (port 443 when it can be bound) and
 * routes by path prefix, so other front-end parts (DPS) add their own handlers to the same server. {@link
 * dev.converge.emulator.service.ServiceApi} serves IoT Hub's paths and shapes: it checks {@code api-version} and the
 * {@code Authorization} header, dispatches to one resource class per area, and answers errors in IoT Hub's body
 * ({@code {"Message": "{\"errorCode\": 404001, ...}", "ExceptionMessage": ""}}) so the SDKs raise the matching
 * exception with the six-digit code. The hub's rules live in {@code hub}, {@code identity}, {@code twin}, {@code adm}
 * and {@code query}; nothing here decides what a valid twin or configuration is.
 */
@NullMarked
package dev.converge.emulator.service;

import org.jspecify.annotations.NullMarked;
