package dev.converge.agent.config;

/** Which twin the agent manages: the device's own, or a module's (as the original agent chose by TPM slot). */
public enum TwinMode {
  DEVICE,
  MODULE
}
