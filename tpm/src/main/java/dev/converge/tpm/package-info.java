/**
 * Device identity as Limpet keeps it in a TPM, minus the TPM: the slot layout (which NV index and persistent handle
 * belong to which slot), the identity URI stored in a slot, SAS token and connection string building over a pluggable
 * {@link dev.converge.tpm.HmacSigner}, and the DPS registration id derived from the endorsement key.
 *
 * <p>Everything here is pure computation; talking to a TPM (tss.java, swtpm) is left to the code that implements
 * {@code HmacSigner} and reads the slots. Nothing here logs, and no {@code toString()} shows key material, signatures or
 * tokens (STYLE.md §2.6).
 */
@NullMarked
package dev.converge.tpm;

import org.jspecify.annotations.NullMarked;
