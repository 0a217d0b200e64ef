package dev.converge.tpm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DPS registration id.
 *
 * <p>DPS accepts "a case-insensitive string (up to 128 characters long) of alphanumeric characters plus the special
 * characters: '-', '.', '_', ':'. The last character must be alphanumeric or dash" (MicrosoftDocs/azure-docs, DPS
 * enrollment articles). A TPM device derives its id from its endorsement key with {@link #fromEndorsementKey}.
 *
 * @param value the id
 */
public record RegistrationId(String value) {

  private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9\\-._:]{0,127}[A-Za-z0-9-]");

  public RegistrationId {
    Objects.requireNonNull(value, "value");
    if (!SYNTAX.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a DPS registration id");
    }
  }

  /**
   * The registration id of a TPM: SHA-256 of its endorsement key's public area, Base32-encoded in lower case without
   * padding — 52 characters of {@code a-z2-7}. This is the Azure SDK's algorithm (tpm.md §1, bytecode checked) and
   * Limpet's (original-agent.md §5.4).
   *
   * @param ekPublic the EK's {@code TPM2B_PUBLIC} bytes as the TPM returns them ({@code new
   *     TPM2B_PUBLIC(readPublic.outPublic).toTpm()}, 316 bytes for the standard RSA-2048 EK); the same bytes,
   *     Base64-encoded, are the DPS enrollment's endorsement key
   */
  public static RegistrationId fromEndorsementKey(byte[] ekPublic) {
    Objects.requireNonNull(ekPublic, "ekPublic");
    if (ekPublic.length == 0) {
      throw new IllegalArgumentException("the endorsement key's public area is empty");
    }
    try {
      return new RegistrationId(Base32.encode(MessageDigest.getInstance("SHA-256").digest(ekPublic)));
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE runtime must provide SHA-256.
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
