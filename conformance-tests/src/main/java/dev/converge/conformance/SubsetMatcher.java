package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The DMValidator comparison: is an expected JSON document contained in the actual one?
 *
 * <ul>
 *   <li>An object matches an object that has every expected key with a matching value; other keys are ignored.
 *   <li>The string {@value #IGNORE} matches any value, but the key must be there.
 *   <li>A string {@code "<contains:TEXT>"} (Converge's addition) matches a string that contains {@code TEXT}: for
 *       messages and host paths, whose exact wording is not the contract but which must name a file or node.
 *   <li>{@code null} matches a missing key (or a {@code null}): the twin deletes keys set to {@code null}, so this
 *       is how "no {@code __errors}" is written inside an expected document.
 *   <li>Arrays match element-wise: same length, each element matching by these rules.
 *   <li>Numbers match by value ({@code 1} matches {@code 1.0}); text and booleans by equality; a value never
 *       matches one of another type ({@code "1001"} is not {@code 1001}).
 * </ul>
 *
 * <p>Every mismatch is collected, not just the first, each with the JSON pointer where it is.
 */
public final class SubsetMatcher {

  /** The validator's wildcard: any value, as long as there is one. */
  public static final String IGNORE = "<ignore>";

  /** Starts a wildcard that matches any string containing the text after it, up to the closing {@code >}. */
  public static final String CONTAINS = "<contains:";

  private SubsetMatcher() {}

  /** Every place where {@code actual} does not contain {@code expected}; empty when it does. */
  public static List<Mismatch> match(JsonNode expected, JsonNode actual) {
    return match(expected, actual, "");
  }

  /**
   * As {@link #match(JsonNode, JsonNode)}, with pointers starting at {@code pointer} (for example
   * {@code /properties/reported} when {@code actual} is the reported section of a twin).
   */
  public static List<Mismatch> match(JsonNode expected, JsonNode actual, String pointer) {
    List<Mismatch> out = new ArrayList<>();
    walk(expected, actual, pointer, out);
    return out;
  }

  /** Every path that exists in {@code actual} with a value other than {@code null}. */
  public static List<Mismatch> absent(List<ReportedPath> paths, JsonNode actual, String pointer) {
    List<Mismatch> out = new ArrayList<>();
    for (ReportedPath p : paths) {
      JsonNode found = p.find(actual);
      if (!found.isMissingNode() && !found.isNull()) {
        out.add(new Mismatch(pointer + p.pointer(), "expected absent but was " + JsonText.of(found)));
      }
    }
    return out;
  }

  /**
   * The leaf paths of a document, as the validator's {@code output.absent} section lists them: every scalar, array,
   * {@code null} or empty object names the path that must not exist (its value does not matter).
   */
  public static List<ReportedPath> leafPaths(JsonNode document) {
    List<ReportedPath> out = new ArrayList<>();
    leaves(document, new ReportedPath(List.of()), out);
    return out;
  }

  private static void leaves(JsonNode node, ReportedPath at, List<ReportedPath> out) {
    if (node.isObject() && node.size() > 0) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        leaves(e.getValue(), at.child(e.getKey()), out);
      }
    } else if (!at.segments().isEmpty()) {
      out.add(at);
    }
  }

  private static void walk(JsonNode expected, JsonNode actual, String pointer, List<Mismatch> out) {
    boolean missing = actual.isMissingNode();
    if (expected.isNull()) {
      if (!missing && !actual.isNull()) {
        out.add(new Mismatch(pointer, "expected absent (null) but was " + JsonText.of(actual)));
      }
      return;
    }
    if (missing || actual.isNull()) {
      out.add(new Mismatch(pointer, "expected " + (isIgnore(expected) ? "a value (" + IGNORE + ")"
          : JsonText.of(expected)) + " but it is " + (missing ? "missing" : "null")));
      return;
    }
    if (isIgnore(expected)) {
      return;
    }
    if (expected.isObject()) {
      if (!actual.isObject()) {
        out.add(new Mismatch(pointer, "expected an object " + JsonText.of(expected) + " but was "
            + JsonText.of(actual)));
        return;
      }
      for (Map.Entry<String, JsonNode> e : expected.properties()) {
        JsonNode a = actual.has(e.getKey()) ? actual.get(e.getKey()) : MissingNode.getInstance();
        walk(e.getValue(), a, pointer + "/" + ReportedPath.escape(e.getKey()), out);
      }
      return;
    }
    if (expected.isArray()) {
      if (!actual.isArray()) {
        out.add(new Mismatch(pointer, "expected an array " + JsonText.of(expected) + " but was "
            + JsonText.of(actual)));
        return;
      }
      if (expected.size() != actual.size()) {
        out.add(new Mismatch(pointer, "expected " + expected.size() + " element(s) " + JsonText.of(expected)
            + " but was " + actual.size() + ": " + JsonText.of(actual)));
        return;
      }
      for (int i = 0; i < expected.size(); i++) {
        walk(expected.get(i), actual.get(i), pointer + "/" + i, out);
      }
      return;
    }
    String fragment = containsFragment(expected);
    if (fragment != null) {
      if (!actual.isTextual() || !actual.textValue().contains(fragment)) {
        out.add(new Mismatch(pointer, "expected a string containing " + JsonText.quote(fragment) + " but was "
            + JsonText.of(actual)));
      }
      return;
    }
    if (expected.isNumber()) {
      if (!actual.isNumber() || expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
        out.add(new Mismatch(pointer, "expected " + JsonText.of(expected) + " but was " + JsonText.of(actual)));
      }
      return;
    }
    if (!expected.equals(actual)) {
      out.add(new Mismatch(pointer, "expected " + JsonText.of(expected) + " but was " + JsonText.of(actual)));
    }
  }

  private static @Nullable String containsFragment(JsonNode expected) {
    if (!expected.isTextual()) {
      return null;
    }
    String t = expected.textValue();
    return t.startsWith(CONTAINS) && t.endsWith(">") && t.length() > CONTAINS.length() + 1
        ? t.substring(CONTAINS.length(), t.length() - 1) : null;
  }

  private static boolean isIgnore(JsonNode expected) {
    return expected.isTextual() && expected.textValue().equals(IGNORE);
  }
}
