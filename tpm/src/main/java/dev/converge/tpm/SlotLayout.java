package dev.converge.tpm;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Where Limpet keeps things in the TPM (original-agent.md §5.3), kept identical so a TPM provisioned by either agent
 * reads the same: ten slots, each an owner NV index holding the identity URI and a persistent HMAC key, plus the
 * well-known storage and endorsement keys that the Azure SDK also uses.
 *
 * <p>Handles and indices are the TPM's 32-bit values held in an {@code int}; those above {@code 0x7FFFFFFF} are
 * negative in Java, which is the form tss.java's {@code new TPM_HANDLE(int)} takes (tpm.md §8: never pass them to
 * {@code TPM_HANDLE.persistent(int)}, which expects an offset).
 */
public final class SlotLayout {

  /** Number of slots; valid slot numbers are 0 to 9 ({@code LIMPET_TPM20_MAX_LOGICAL_DEVICE}). */
  public static final int SLOT_COUNT = 10;

  /** NV index of slot 0's URI: owner NV space {@code 0x01400000} plus {@code 0x100}. */
  public static final int URI_NV_INDEX_BASE = 0x0140_0100;

  /** Persistent handle of slot 0's HMAC key. */
  public static final int HMAC_KEY_HANDLE_BASE = 0x8100_0100;

  /** Persistent handle of the storage root key (RSA, owner hierarchy). */
  public static final int SRK_HANDLE = 0x8100_0001;

  /** Persistent handle of the endorsement key (RSA, endorsement hierarchy). */
  public static final int EK_HANDLE = 0x8101_0001;

  private SlotLayout() {}

  /** All slots, 0 to 9. */
  public static List<Slot> slots() {
    return IntStream.range(0, SLOT_COUNT).mapToObj(Slot::new).toList();
  }
}
