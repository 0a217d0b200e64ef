package dev.converge.tpm;

/**
 * One of the TPM's ten identity slots ("logical device numbers" in Limpet).
 *
 * @param number 0 to 9
 */
public record Slot(int number) {

  public Slot {
    if (number < 0 || number >= SlotLayout.SLOT_COUNT) {
      throw new IllegalArgumentException(
          "slot must be 0.." + (SlotLayout.SLOT_COUNT - 1) + ", not " + number);
    }
  }

  public static Slot of(int number) {
    return new Slot(number);
  }

  /** The owner NV index holding this slot's identity URI: {@code 0x01400100 + number}. */
  public int uriNvIndex() {
    return SlotLayout.URI_NV_INDEX_BASE + number;
  }

  /** The persistent handle of this slot's HMAC key: {@code 0x81000100 + number}. */
  public int hmacKeyHandle() {
    return SlotLayout.HMAC_KEY_HANDLE_BASE + number;
  }
}
