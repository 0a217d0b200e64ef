package dev.converge.emulator.dps;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Registration operations in memory, the newest {@link #CAPACITY} kept. They are not durable: after a restart a
 * device polling an old operation gets 404 and registers again, which every SDK does after a failure.
 */
final class Operations {

  static final int CAPACITY = 10_000;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Operation> byId =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Operation> eldest) {
          return size() > CAPACITY;
        }
      };

  /** Records a new operation for {@code outcome}. */
  synchronized Operation start(DeviceRegistration outcome) {
    Operation operation = new Operation(newId(), outcome.registrationId(), outcome);
    byId.put(operation.operationId(), operation);
    return operation;
  }

  /** The operation, if it exists and belongs to {@code registrationId}. */
  synchronized Optional<Operation> get(String operationId, String registrationId) {
    Operation operation = byId.get(operationId);
    return operation != null && RegistrationIdRules.key(operation.registrationId())
            .equals(RegistrationIdRules.key(registrationId))
        ? Optional.of(operation)
        : Optional.empty();
  }

  /** DPS's shape, e.g. {@code 4.d0a671905ea5b2c8.e7173b7b-0e54-4cbc-8c1c-2d6e8a5b5b12}. */
  private String newId() {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return "4." + HexFormat.of().formatHex(bytes) + "." + UUID.randomUUID();
  }
}
