package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Converge's own scenario format, YAML after OSConfig's test recipes; the README of this module describes it. Every
 * problem is an {@link IllegalArgumentException} naming the file, the step and its line: a typo in a scenario must
 * fail loudly, never pass silently.
 */
final class RecipeFormat {

  private static final Set<String> TOP_KEYS = Set.of("description", "steps");
  private static final List<String> ACTIONS = List.of("desired", "patch", "device", "fault", "advance", "method");
  private static final List<String> EXPECTATIONS = List.of("expectReported", "expectAbsent", "expectFiles",
      "expectUnchanged", "expectJournal", "expectMethod");
  private static final Set<String> DEVICE_VERBS = Set.of("write", "delete", "chmod", "block", "link");
  private static final Map<String, String> JOURNAL_COUNTS = Map.of("intents", "intent", "outcomes", "outcome",
      "drifts", "drift", "recoveries", "recovery");

  private RecipeFormat() {}

  static Scenario read(String name, String text) {
    ScenarioYaml yaml = ScenarioYaml.parse(name, text);
    JsonNode root = yaml.root();
    if (!root.isObject()) {
      throw new IllegalArgumentException(name + ": a scenario is a mapping with 'steps' (and an optional"
          + " 'description')");
    }
    unknownKeys(root, TOP_KEYS, name + ": ");
    String description = root.path("description").asText("");
    JsonNode steps = root.path("steps");
    if (!steps.isArray() || steps.isEmpty()) {
      throw new IllegalArgumentException(name + ": 'steps' must be a non-empty list");
    }
    List<Step> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      int line = yaml.line("/steps/" + i);
      String where = name + ": step " + (i + 1) + " (line " + line + "): ";
      out.add(step(steps.get(i), i + 1, line, where));
    }
    return new Scenario(name, description, out);
  }

  private static Step step(JsonNode node, int number, int line, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + "a step is a mapping such as {desired: ..., expectReported: ...}");
    }
    List<String> known = new ArrayList<>(ACTIONS);
    known.addAll(EXPECTATIONS);
    known.add("note");
    unknownKeys(node, Set.copyOf(known), where);
    List<String> actions = new ArrayList<>();
    for (String a : ACTIONS) {
      if (node.has(a)) {
        actions.add(a);
      }
    }
    if (actions.size() > 1) {
      throw new IllegalArgumentException(where + "one action per step, but this one has " + actions
          + "; split it into steps");
    }
    try {
      Action action = actions.isEmpty() ? null : action(actions.get(0), node.get(actions.get(0)));
      List<Expectation> expectations = new ArrayList<>();
      for (String e : EXPECTATIONS) {
        if (node.has(e)) {
          expectations.add(expectation(e, node.get(e)));
        }
      }
      if (expectations.stream().anyMatch(e -> e instanceof Expectation.MethodAnswer)
          && !(action instanceof Action.InvokeMethod)) {
        throw new IllegalArgumentException("expectMethod needs a 'method' action in the same step");
      }
      if (action == null && expectations.isEmpty()) {
        throw new IllegalArgumentException("the step has neither an action nor an expectation");
      }
      return new Step(number, line, node.path("note").asText(""), action, expectations);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
  }

  private static Action action(String key, JsonNode value) {
    switch (key) {
      case "desired" -> {
        requireObject(key, value);
        requireNoNulls(value, "desired");
        return new Action.SetDesired(value);
      }
      case "patch" -> {
        requireObject(key, value);
        return new Action.PatchDesired(value, Duration.ZERO);
      }
      case "device", "fault" -> {
        List<DeviceAction> changes = new ArrayList<>();
        if (value.isArray()) {
          value.forEach(v -> changes.add(deviceAction(key, v)));
        } else {
          changes.add(deviceAction(key, value));
        }
        return new Action.Fault(changes);
      }
      case "advance" -> {
        if (value.isIntegralNumber()) {
          return new Action.Advance(Duration.ofSeconds(value.longValue()));
        }
        if (!value.isTextual()) {
          throw new IllegalArgumentException("advance takes a duration such as 5m, not " + JsonText.of(value));
        }
        return new Action.Advance(Durations.parse(value.textValue()));
      }
      default -> {
        requireObject(key, value);
        unknownKeys(value, Set.of("name", "payload"), "method: ");
        String method = text(value, "name", "method");
        JsonNode payload = value.has("payload") ? value.get("payload") : JsonNodeFactory.instance.objectNode();
        return new Action.InvokeMethod(method, payload);
      }
    }
  }

  private static DeviceAction deviceAction(String key, JsonNode v) {
    if (!v.isObject()) {
      throw new IllegalArgumentException(key + " takes {write: path, content: ..., mode: ...}, {delete: path},"
          + " {chmod: path, mode: ...}, {block: path} or {link: path, to: path}, not " + JsonText.of(v));
    }
    List<String> verbs = new ArrayList<>();
    v.fieldNames().forEachRemaining(f -> {
      if (DEVICE_VERBS.contains(f)) {
        verbs.add(f);
      }
    });
    if (verbs.size() != 1) {
      throw new IllegalArgumentException(key + ": each change has exactly one of write, delete, chmod, block, link;"
          + " found " + verbs);
    }
    String verb = verbs.get(0);
    String path = text(v, verb, key + "." + verb);
    return switch (verb) {
      case "write" -> {
        unknownKeys(v, Set.of("write", "content", "mode"), key + ": ");
        yield new DeviceAction.Write(path, text(v, "content", key + ".content"), optionalText(v, "mode"));
      }
      case "chmod" -> {
        unknownKeys(v, Set.of("chmod", "mode"), key + ": ");
        yield new DeviceAction.Chmod(path, text(v, "mode", key + ".mode"));
      }
      case "link" -> {
        unknownKeys(v, Set.of("link", "to"), key + ": ");
        yield new DeviceAction.Link(path, text(v, "to", key + ".to"));
      }
      case "delete" -> {
        unknownKeys(v, Set.of("delete"), key + ": ");
        yield new DeviceAction.Delete(path);
      }
      default -> {
        unknownKeys(v, Set.of("block"), key + ": ");
        yield new DeviceAction.Block(path);
      }
    };
  }

  private static Expectation expectation(String key, JsonNode value) {
    switch (key) {
      case "expectReported" -> {
        requireObject(key, value);
        return new Expectation.Reported(key, value, "");
      }
      case "expectAbsent" -> {
        List<ReportedPath> paths = new ArrayList<>();
        for (String p : texts(key, value)) {
          paths.add(ReportedPath.parse(p));
        }
        return new Expectation.Absent(key, paths, "");
      }
      case "expectFiles" -> {
        requireObject(key, value);
        Map<String, FileExpectation> files = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
          files.put(devicePath(key, e.getKey()), fileExpectation(e.getKey(), e.getValue()));
        }
        return new Expectation.Files(files);
      }
      case "expectUnchanged" -> {
        List<String> paths = new ArrayList<>();
        for (String p : texts(key, value)) {
          paths.add(devicePath(key, p));
        }
        return new Expectation.Unchanged(paths);
      }
      case "expectJournal" -> {
        return journal(value);
      }
      default -> {
        requireObject(key, value);
        unknownKeys(value, Set.of("status", "payload"), key + ": ");
        JsonNode status = value.path("status");
        if (!status.isIntegralNumber()) {
          throw new IllegalArgumentException("expectMethod.status must be a number such as 200");
        }
        return new Expectation.MethodAnswer(key, status.intValue(), value.has("payload") ? value.get("payload")
            : null);
      }
    }
  }

  private static Expectation journal(JsonNode value) {
    requireObject("expectJournal", value);
    Set<String> keys = new java.util.HashSet<>(JOURNAL_COUNTS.keySet());
    keys.add("entries");
    keys.add("contains");
    unknownKeys(value, keys, "expectJournal: ");
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String k : List.of("intents", "outcomes", "drifts", "recoveries")) {
      if (value.has(k)) {
        JsonNode n = value.get(k);
        if (!n.isIntegralNumber() || n.intValue() < 0) {
          throw new IllegalArgumentException("expectJournal." + k + " must be a count (0 or more), not "
              + JsonText.of(n));
        }
        counts.put(JOURNAL_COUNTS.get(k), n.intValue());
      }
    }
    List<JsonNode> entries = new ArrayList<>();
    if (value.has("entries")) {
      JsonNode list = value.get("entries");
      if (!list.isArray()) {
        throw new IllegalArgumentException("expectJournal.entries is a list of entry patterns such as"
            + " {kind: drift, property: motd/content}");
      }
      for (JsonNode e : list) {
        requireObject("expectJournal.entries[]", e);
        entries.add(e);
      }
    }
    List<String> contains = value.has("contains") ? texts("expectJournal.contains", value.get("contains"))
        : List.of();
    return new Expectation.Journal(counts, entries, contains);
  }

  private static FileExpectation fileExpectation(String path, JsonNode v) {
    if (v.isTextual() && v.textValue().equals("absent")) {
      return new FileExpectation.Missing();
    }
    if (v.isTextual() && v.textValue().equals("present")) {
      return new FileExpectation.Present();
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException("expectFiles " + path + " takes \"absent\", \"present\" or"
          + " {content: ..., mode: ...}, not " + JsonText.of(v));
    }
    unknownKeys(v, Set.of("content", "mode"), "expectFiles " + path + ": ");
    return new FileExpectation.Holding(optionalText(v, "content"), optionalText(v, "mode"));
  }

  private static String devicePath(String key, String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(key + ": '" + path + "' is not an absolute device path");
    }
    return path;
  }

  private static List<String> texts(String key, JsonNode value) {
    List<String> out = new ArrayList<>();
    if (value.isTextual()) {
      out.add(value.textValue());
      return out;
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(key + " takes a list of strings, not " + JsonText.of(value));
    }
    for (JsonNode v : value) {
      if (!v.isTextual()) {
        throw new IllegalArgumentException(key + " takes a list of strings, but has " + JsonText.of(v));
      }
      out.add(v.textValue());
    }
    return out;
  }

  private static String text(JsonNode node, String field, String what) {
    JsonNode v = node.path(field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(what + " must be text" + (v.isNumber() ? " (quote numbers such as"
          + " modes: \"0644\")" : "") + ", not " + JsonText.of(v));
    }
    return v.textValue();
  }

  private static @Nullable String optionalText(JsonNode node, String field) {
    return node.has(field) ? text(node, field, field) : null;
  }

  private static void requireObject(String key, JsonNode value) {
    if (!value.isObject()) {
      throw new IllegalArgumentException(key + " takes a mapping, not " + JsonText.of(value));
    }
  }

  private static void requireNoNulls(JsonNode value, String pointer) {
    if (value.isNull()) {
      throw new IllegalArgumentException(pointer + " is null: 'desired' is a whole document, where a deleted key is"
          + " simply left out; use 'patch' to send null deletes");
    }
    if (value.isContainerNode()) {
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        requireNoNulls(e.getValue(), pointer + "/" + ReportedPath.escape(e.getKey()));
      }
      for (int i = 0; value.isArray() && i < value.size(); i++) {
        requireNoNulls(value.get(i), pointer + "/" + i);
      }
    }
  }

  private static void unknownKeys(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new IllegalArgumentException(where + "unknown key '" + k + "'; expected one of "
            + known.stream().sorted().toList());
      }
    }
  }
}
