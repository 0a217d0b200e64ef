/**
 * Operator actions on an IoT hub through the official service SDK: deploy an ADM configuration, follow its rollout,
 * read and patch twins, invoke direct methods. The same code serves a real hub (connection string) and the local
 * hub emulator (its {@link dev.converge.agent.operator.LocalHubFile}).
 */
@NullMarked
package dev.converge.agent.operator;

import org.jspecify.annotations.NullMarked;
