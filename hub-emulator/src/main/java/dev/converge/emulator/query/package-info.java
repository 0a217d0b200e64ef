/**
 * The subset of the IoT Hub query language that the emulator answers: {@code POST /devices/query}, and the target
 * conditions and metric queries of automatic device management configurations.
 *
 * <p>{@link dev.converge.emulator.query.Query} parses a whole {@code SELECT … FROM devices[.modules] [WHERE …]}
 * query; {@link dev.converge.emulator.query.TargetCondition} parses a configuration's target condition ({@code *}, a
 * bare condition, or {@code FROM devices.modules WHERE …}). Both evaluate against twins shaped like the rows of a
 * {@code SELECT * FROM devices} answer. Conditions follow IoT Hub's SQL-like, three-valued logic: a missing property is
 * undefined, comparing it (or values of different types) is undefined, and a {@code WHERE} keeps a twin only when
 * its condition is true. A malformed query fails whole with a {@link dev.converge.emulator.query.QueryException}
 * naming the column.
 *
 * <p>Pure logic: no I/O, no clock, no state between calls. Where the twins come from, paging and the REST shape of
 * the answer belong to the packages that speak the protocols. Jackson trees handed in are only read; every tree handed
 * out is a fresh copy.
 */
@NullMarked
package dev.converge.emulator.query;

import org.jspecify.annotations.NullMarked;
