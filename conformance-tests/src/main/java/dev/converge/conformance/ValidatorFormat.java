package dev.converge.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The original agent's DMValidator scenario files, so that they keep working:
 * {@code {"scenario": [ {"type": "deviceTwin" | "directMethod", ...}, ... ]}}.
 *
 * <ul>
 *   <li>{@code deviceTwin}: {@code input.properties.desired} is patched into the twin; after
 *       {@code readBackPause} seconds (default 10) {@code output.present.properties.reported} must be contained in
 *       the reported twin ({@link SubsetMatcher}: {@code "<ignore>"}, element-wise arrays), and every leaf path of
 *       {@code output.absent.properties.reported} must not exist there.
 *   <li>{@code directMethod}: {@code directMethodName} is invoked with {@code input} as payload;
 *       {@code output.returnCode} and {@code output.returnJson} (contained) are checked, then the twin as above
 *       when {@code output.present}/{@code output.absent} are given.
 *   <li>{@code dotNetApi} cases called Windows APIs of the service side; they are read, and fail saying so.
 * </ul>
 *
 * <p>One difference from DMValidator, on purpose: an absent leaf forbids its path whatever the value there, where
 * DMValidator compared the flattened path <em>and</em> value. Arrays match element-wise, as documented for the
 * validator, not as sets of strings.
 */
final class ValidatorFormat {

  static final int DEFAULT_READ_BACK_PAUSE_SECONDS = 10;
  private static final String REPORTED_POINTER = "/properties/reported";

  private ValidatorFormat() {}

  static Scenario read(String name, String text) {
    JsonNode root;
    try {
      root = JsonText.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(name + ":" + e.getLocation().getLineNr() + ": invalid JSON: "
          + e.getOriginalMessage(), e);
    }
    JsonNode cases = root == null ? null : root.path("scenario");
    if (cases == null || !cases.isArray() || cases.isEmpty()) {
      throw new IllegalArgumentException(name + ": a validator file is {\"scenario\": [ test cases ]}");
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      String label = c.path("name").isTextual() ? "case \"" + c.path("name").textValue() + "\"" : "case " + i;
      String where = name + ": step " + (i + 1) + " (" + label + "): ";
      try {
        steps.add(step(c, i + 1, label));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    String description = cases.get(0).path("description").asText("");
    return new Scenario(name, description, steps);
  }

  private static Step step(JsonNode c, int number, String label) {
    if (!c.isObject()) {
      throw new IllegalArgumentException("a test case is an object with \"type\"");
    }
    String type = c.path("type").asText("");
    JsonNode output = c.path("output");
    Duration pause = Duration.ofSeconds(c.has("readBackPause") ? requireCount(c.get("readBackPause"))
        : DEFAULT_READ_BACK_PAUSE_SECONDS);
    List<Expectation> expectations = new ArrayList<>();
    Action action;
    switch (type) {
      case "deviceTwin" -> {
        JsonNode desired = c.path("input").path("properties").path("desired");
        if (!desired.isObject()) {
          throw new IllegalArgumentException("a deviceTwin case needs input.properties.desired, an object");
        }
        if (!output.path("present").isObject()) {
          throw new IllegalArgumentException("a deviceTwin case needs output.present");
        }
        action = new Action.PatchDesired(desired, pause);
      }
      case "directMethod" -> {
        JsonNode method = c.path("directMethodName");
        if (!method.isTextual() || method.textValue().isEmpty()) {
          throw new IllegalArgumentException("a directMethod case needs directMethodName");
        }
        JsonNode payload = c.has("input") ? c.get("input") : JsonNodeFactory.instance.objectNode();
        action = new Action.InvokeMethod(method.textValue(), payload);
        JsonNode code = output.path("returnCode");
        if (!code.isIntegralNumber()) {
          throw new IllegalArgumentException("a directMethod case needs output.returnCode, a number");
        }
        expectations.add(new Expectation.MethodAnswer("output.returnCode/returnJson", code.intValue(),
            output.has("returnJson") ? output.get("returnJson") : null));
      }
      case "dotNetApi" -> action = new Action.Unsupported("dotNetApi " + c.path("apiName").asText("?"),
          "dotNetApi cases call the original service SDK's Windows APIs; Converge has no equivalent");
      default -> throw new IllegalArgumentException("unknown test case type '" + type
          + "'; expected deviceTwin or directMethod");
    }
    JsonNode present = output.path("present").path("properties").path("reported");
    if (present.isObject()) {
      expectations.add(new Expectation.Reported("output.present", present, REPORTED_POINTER));
    } else if (!output.path("present").isMissingNode()) {
      throw new IllegalArgumentException("output.present must be {\"properties\": {\"reported\": {...}}}");
    }
    JsonNode absent = output.path("absent").path("properties").path("reported");
    if (absent.isObject()) {
      expectations.add(new Expectation.Absent("output.absent", SubsetMatcher.leafPaths(absent), REPORTED_POINTER));
    } else if (!output.path("absent").isMissingNode()) {
      throw new IllegalArgumentException("output.absent must be {\"properties\": {\"reported\": {...}}}");
    }
    return new Step(number, 0, label, action, expectations);
  }

  private static int requireCount(JsonNode n) {
    if (!n.isIntegralNumber() || n.intValue() < 0) {
      throw new IllegalArgumentException("readBackPause is a number of seconds, not " + JsonText.of(n));
    }
    return n.intValue();
  }
}
