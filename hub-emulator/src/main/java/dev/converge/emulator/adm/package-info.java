/**
 * Automatic device management (ADM): the hub's configurations and the engine that applies them to twins.
 *
 * <p>{@link dev.converge.emulator.adm.Configuration} is IoT Hub's configuration document, with exactly the JSON field
 * names of the official service SDK. {@link dev.converge.emulator.adm.ConfigurationStore} keeps up to 100 of them,
 * validates every create and update the way IoT Hub does (content is immutable; only labels, metrics, priority and
 * target condition change), and serialises to one JSON document for the hub's durable state.
 * {@link dev.converge.emulator.adm.ConfigurationEvaluator} is a pure function from twins and configurations to the
 * desired patches, per-twin {@code configurations} sections and metric counts; it converges, so evaluating the
 * result again asks for nothing.
 *
 * <p>No networking, timers or twin storage here: the hub calls the evaluator when configurations or twins change
 * and on its five-minute interval, applies the patches through its twins, and hands the counts back to the store.
 * Jackson trees passed in are only read; every tree or document handed out is a copy.
 */
@NullMarked
package dev.converge.emulator.adm;

import org.jspecify.annotations.NullMarked;
