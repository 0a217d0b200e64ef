package dev.converge.emulator.auth;

import java.util.Objects;

/** The result of reading a SAS token's text: its fields, or which field is wrong. */
public sealed interface SasTokenParse {

  /** The text is a well-formed token. Says nothing yet about its signature, resource or expiry. */
  record Parsed(SasToken token) implements SasTokenParse {
    public Parsed {
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * The text is not a SAS token.
   *
   * @param field the field at fault ({@code sr}, {@code sig}, {@code se}, {@code skn}), the unknown field's name, or
   *     {@code SharedAccessSignature} when the prefix is wrong
   * @param reason what is wrong, naming the field; never contains the signature
   */
  record Malformed(String field, String reason) implements SasTokenParse {
    public Malformed {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
