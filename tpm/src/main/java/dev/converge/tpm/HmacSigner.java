package dev.converge.tpm;

/**
 * Signs with an identity's secret key, wherever that key lives: HMAC-SHA256 of {@code data}.
 *
 * <p>The TPM implementation keeps the key inside the TPM and calls {@code TPM2_HMAC} on the slot's persistent handle
 * (tpm.md §6); {@link SoftwareHmacSigner} holds the key in memory, for connection-string identities and tests. Either
 * way the key never leaves the implementation: there is no accessor for it and {@code toString()} must not show it.
 *
 * <p>Contract: returns the 32-byte MAC, never {@code null}; does not keep {@code data}; safe to call from several
 * threads. A signer whose device can fail at run time (a TPM that stops answering) reports that by throwing an
 * unchecked exception; SAS building passes it through unchanged.
 */
@FunctionalInterface
public interface HmacSigner {

  /** HMAC-SHA256 of {@code data} with this identity's key. */
  byte[] sign(byte[] data);
}
