/**
 * Reporting: the per-group state the engine reports ({@code __meta}, {@code __errors}, {@code __drift}, actual
 * values), the {@code __summary} and {@code __deviceSchemas} sections, rendering them into the reported document,
 * keeping it within IoT Hub's twin limits, and sending only what changed since the last report.
 */
@NullMarked
package dev.converge.engine.report;

import org.jspecify.annotations.NullMarked;
