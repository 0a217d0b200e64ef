/**
 * Direct methods: routing a method name to the command of the capability that declares it, checking the payload
 * (interface version, the command's JSON Schema), running the command on the capability's adapter, and turning
 * every outcome into the original agent's answer: 200 with a result, 400 with an error object, 404 for an unknown
 * method. Also the engine's built-in methods ({@code clearReportedCmd}).
 *
 * <p>Pure logic: no I/O, no threads, no clock. The engine calls it on its own thread; what a command changes beyond
 * its answer (a rebuilt report, stale cached nodes) is handed back to the engine through callbacks.
 */
@NullMarked
package dev.converge.engine.command;

import org.jspecify.annotations.NullMarked;
