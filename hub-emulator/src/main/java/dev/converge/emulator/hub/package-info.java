/**
 * The hub itself, independent of any wire protocol: identities with their twins, device sessions, telemetry, direct
 * method calls in flight, and the durable state that survives a restart. The MQTT, REST and DPS front doors and the
 * ADM engine all act through the classes here, so each rule is enforced in one place whichever door a request came
 * in by.
 */
@NullMarked
package dev.converge.emulator.hub;

import org.jspecify.annotations.NullMarked;
