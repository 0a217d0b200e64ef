package dev.converge.emulator.auth;

import java.util.Objects;

/** The result of reading an MQTT CONNECT username: who the client claims to be, or why the username is unusable. */
public sealed interface MqttUsernameParse {

  /** The username is well formed and agrees with the MQTT client id. Nothing is authenticated yet. */
  record Parsed(MqttUsername username) implements MqttUsernameParse {
    public Parsed {
      Objects.requireNonNull(username, "username");
    }
  }

  /**
   * The username cannot identify a client; the hub refuses the connection.
   *
   * @param reason what is wrong and what was expected, for the log
   */
  record Invalid(String reason) implements MqttUsernameParse {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
