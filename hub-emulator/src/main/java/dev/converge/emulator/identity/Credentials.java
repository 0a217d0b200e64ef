package dev.converge.emulator.identity;

import java.util.Locale;
import java.util.Objects;

/** How an identity proves who it is. Exactly IoT Hub's authentication types for devices and modules. */
public sealed interface Credentials {

  /** IoT Hub's {@code authentication.type}: {@code sas} or {@code selfSigned}. */
  String type();

  /** Shared access keys (Base64); a SAS token signed with either is accepted. */
  record SymmetricKey(String primaryKey, String secondaryKey) implements Credentials {
    public SymmetricKey {
      Objects.requireNonNull(primaryKey, "primaryKey");
      Objects.requireNonNull(secondaryKey, "secondaryKey");
    }

    @Override
    public String type() {
      return "sas";
    }
  }

  /**
   * Self-signed X.509: the TLS client certificate's thumbprint (SHA-1 or SHA-256, hex, compared ignoring case) must
   * equal one of these.
   */
  record X509Thumbprint(String primaryThumbprint, String secondaryThumbprint) implements Credentials {
    public X509Thumbprint {
      primaryThumbprint = Objects.requireNonNull(primaryThumbprint, "primaryThumbprint").toUpperCase(Locale.ROOT);
      secondaryThumbprint =
          Objects.requireNonNull(secondaryThumbprint, "secondaryThumbprint").toUpperCase(Locale.ROOT);
    }

    @Override
    public String type() {
      return "selfSigned";
    }

    public boolean accepts(String thumbprint) {
      String t = thumbprint.toUpperCase(Locale.ROOT);
      return !t.isEmpty() && (t.equals(primaryThumbprint) || t.equals(secondaryThumbprint));
    }
  }
}
