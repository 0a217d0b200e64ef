package dev.converge.emulator.twin;

import static dev.converge.emulator.testing.Json.doc;
import static dev.converge.emulator.testing.Json.json;
import static dev.converge.emulator.testing.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TwinTest {

  private final Twin twin = new Twin();

  @Test
  void a_new_twin_is_empty_with_every_version_at_one() {
    TwinSnapshot s = twin.snapshot();

    assertThat(s.tags().isEmpty()).isTrue();
    assertThat(s.desired().isEmpty()).isTrue();
    assertThat(s.reported().isEmpty()).isTrue();
    assertThat(s.desiredVersion()).isEqualTo(1);
    assertThat(s.reportedVersion()).isEqualTo(1);
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.etag()).isEqualTo("AAAAAAAAAAE=");
  }

  // --- merge semantics ---

  @Test
  void a_desired_patch_merges_changed_leaves_into_nested_objects() {
    accept(twin.patchDesired(json("{'time':{'zone':'UTC','ntp':'pool.ntp.org'},'mode':'eco'}")));

    accept(twin.patchDesired(json("{'time':{'zone':'Europe/Berlin'}}")));

    assertThat(twin.snapshot().desired())
        .isEqualTo(doc("{'time':{'zone':'Europe/Berlin','ntp':'pool.ntp.org'},'mode':'eco'}"));
  }

  @Test
  void null_in_a_patch_deletes_that_member_and_leaves_its_siblings() {
    accept(twin.patchReported(json("{'a':{'x':1,'y':2},'b':true}")));

    accept(twin.patchReported(json("{'a':{'x':null},'b':null,'missing':null}")));

    assertThat(twin.snapshot().reported()).isEqualTo(doc("{'a':{'y':2}}"));
  }

  @Test
  void an_object_replaces_a_scalar_and_a_scalar_replaces_an_object() {
    accept(twin.patchDesired(json("{'a':5,'b':{'deep':{'x':1}}}")));

    accept(twin.patchDesired(json("{'a':{'now':'object'},'b':'now scalar'}")));

    assertThat(twin.snapshot().desired()).isEqualTo(doc("{'a':{'now':'object'},'b':'now scalar'}"));
  }

  @Test
  void arrays_are_replaced_whole_never_merged() {
    accept(twin.patchDesired(json("{'list':[1,2,3],'objects':[{'a':1}]}")));

    accept(twin.patchDesired(json("{'list':[9],'objects':[{'b':2}]}")));

    assertThat(twin.snapshot().desired()).isEqualTo(doc("{'list':[9],'objects':[{'b':2}]}"));
  }

  @Test
  void a_patch_object_under_a_missing_key_is_stored_without_its_nulls() {
    accept(twin.patchDesired(json("{'group':{'gone':null,'kept':1,'inner':{'gone':null}}}")));

    assertThat(twin.snapshot().desired()).isEqualTo(doc("{'group':{'kept':1,'inner':{}}}"));
  }

  @Test
  void replacing_desired_drops_every_member_the_new_document_lacks() {
    accept(twin.patchDesired(json("{'old':1,'kept':{'a':1,'b':2}}")));

    accept(twin.replaceDesired(json("{'kept':{'b':3},'ignored':null}")));

    assertThat(twin.snapshot().desired()).isEqualTo(doc("{'kept':{'b':3}}"));
  }

  @Test
  void replacing_and_patching_tags_works_like_properties() {
    accept(twin.replaceTags(json("{'site':{'building':'B1','floor':2}}")));
    accept(twin.patchTags(json("{'site':{'floor':null},'ring':'canary'}")));

    assertThat(twin.snapshot().tags()).isEqualTo(doc("{'site':{'building':'B1'},'ring':'canary'}"));
  }

  // --- versions, etag, notifications ---

  @Test
  void every_accepted_update_increments_its_section_version_and_the_twin_version() {
    TwinUpdate.Accepted desired = accept(twin.patchDesired(json("{'a':1}")));
    TwinUpdate.Accepted reported = accept(twin.patchReported(json("{'a':1}")));
    TwinUpdate.Accepted emptyPatch = accept(twin.patchDesired(json("{}")));
    TwinUpdate.Accepted samePatch = accept(twin.patchReported(json("{'a':1}")));

    assertThat(desired.version()).isEqualTo(2);
    assertThat(reported.version()).isEqualTo(2);
    assertThat(emptyPatch.version()).isEqualTo(3);
    assertThat(samePatch.version()).isEqualTo(3);
    TwinSnapshot s = twin.snapshot();
    assertThat(s.desiredVersion()).isEqualTo(3);
    assertThat(s.reportedVersion()).isEqualTo(3);
    assertThat(s.version()).isEqualTo(5);
  }

  @Test
  void a_tags_update_changes_the_twin_version_and_etag_but_no_property_version() {
    String etagBefore = twin.snapshot().etag();

    TwinUpdate.Accepted tags = accept(twin.patchTags(json("{'ring':'canary'}")));

    assertThat(tags.version()).isEqualTo(2);
    assertThat(tags.twin().etag()).isEqualTo("AAAAAAAAAAI=").isNotEqualTo(etagBefore);
    assertThat(tags.twin().desiredVersion()).isEqualTo(1);
    assertThat(tags.twin().reportedVersion()).isEqualTo(1);
  }

  @Test
  void a_desired_patch_notifies_the_patch_with_its_nulls_and_the_new_version() {
    accept(twin.patchDesired(json("{'a':1,'b':2}")));

    TwinUpdate.Accepted update = accept(twin.patchDesired(json("{'a':null,'c':{'d':'e'}}")));

    assertThat(update.desiredNotification()).contains(doc("{'a':null,'c':{'d':'e'},'$version':3}"));
  }

  @Test
  void a_desired_replacement_notifies_the_whole_new_document_and_null_for_what_it_removed() {
    accept(twin.patchDesired(json("{'a':1}")));

    TwinUpdate.Accepted update = accept(twin.replaceDesired(json("{'b':2,'c':null}")));

    assertThat(update.desiredNotification()).contains(doc("{'a':null,'b':2,'$version':3}"));
  }

  @Test
  void a_replacement_is_diffed_by_existence_inside_objects_as_iot_hub_does() {
    accept(twin.patchDesired(json("{'g':{'x':1,'y':{'z':2}},'h':{'k':1},'s':'v'}")));

    TwinUpdate.Accepted update = accept(twin.replaceDesired(json("{'g':{'x':1},'h':'flat','n':{'m':3}}")));

    // Values that did not change are still sent (existence, not value, is compared); what is gone is null.
    assertThat(update.desiredNotification()).contains(
        doc("{'g':{'x':1,'y':null},'h':'flat','n':{'m':3},'s':null,'$version':3}"));
    assertThat(update.twin().desired()).isEqualTo(doc("{'g':{'x':1},'h':'flat','n':{'m':3}}"));
  }

  @Test
  void reported_and_tags_updates_notify_nothing() {
    assertThat(accept(twin.patchReported(json("{'a':1}"))).desiredNotification()).isEmpty();
    assertThat(accept(twin.patchTags(json("{'a':1}"))).desiredNotification()).isEmpty();
  }

  @Test
  void the_device_view_has_desired_and_reported_with_their_versions_and_no_tags() {
    accept(twin.patchTags(json("{'secret':'tag'}")));
    accept(twin.patchDesired(json("{'mode':'eco'}")));

    assertThat(twin.snapshot().deviceView())
        .isEqualTo(doc("{'desired':{'mode':'eco','$version':2},'reported':{'$version':1}}"));
  }

  @Test
  void an_update_with_a_stale_etag_is_rejected_with_412_and_changes_nothing() {
    String stale = twin.snapshot().etag();
    accept(twin.patchTags(json("{'a':1}")));

    rejectUnchanged(t -> t.patchDesired(json("{'x':1}"), stale), 412, "");
    rejectUnchanged(t -> t.replaceTags(json("{}"), '"' + stale + '"'), 412, "");
  }

  @Test
  void an_update_with_the_current_etag_quoted_or_bare_or_a_star_is_accepted() {
    accept(twin.patchDesired(json("{'a':1}"), twin.snapshot().etag()));
    accept(twin.replaceTags(json("{'a':1}"), '"' + twin.snapshot().etag() + '"'));
    accept(twin.patchTags(json("{'b':1}"), "*"));

    assertThat(twin.snapshot().version()).isEqualTo(4);
  }

  // --- size limits ---

  @ParameterizedTest
  @EnumSource(TwinSection.class)
  void a_section_of_exactly_its_limit_is_accepted_and_one_byte_more_is_rejected_with_403(TwinSection section) {
    ObjectNode atLimit = documentOfSize(section.maxSize());
    ObjectNode overLimit = atLimit.deepCopy().put("a", "x".repeat(4095 - 1) + "xx");
    assertThat(TwinRules.size(overLimit)).isEqualTo(section.maxSize() + 1L);

    accept(write(section, twin, atLimit));
    assertThat(TwinRules.size(section(section, twin.snapshot()).tree())).isEqualTo(section.maxSize());

    TwinError error = rejectUnchanged(t -> write(section, t, overLimit), 403, section.pointer());
    assertThat(error.errorCode()).isEqualTo(403100);
    assertThat(error.message()).contains(section.hubName()).contains(String.valueOf(section.maxSize() + 1));
  }

  @Test
  void a_patch_that_would_grow_a_full_section_is_rejected_but_one_that_shrinks_it_is_accepted() {
    accept(twin.patchTags(documentOfSize(8192)));

    rejectUnchanged(t -> t.patchTags(json("{'z':true}")), 403, "/tags");
    accept(twin.patchTags(json("{'a':null,'z':true}")));
  }

  // --- keys ---

  @ParameterizedTest
  @ValueSource(strings = {"a.b", "$version", "a$", "a b", "", "nul\u0000", "unit\u001f", "del\u007f", "c1\u0080",
      "c1\u009f"})
  void keys_with_a_dot_dollar_space_or_control_character_or_empty_keys_are_rejected(String key) {
    ObjectNode patch = object();
    patch.putObject("outer").put(key, 1);

    TwinError error = rejectUnchanged(t -> t.patchDesired(patch), 400, "/properties/desired/outer/" + key);
    assertThat(error.errorCode()).isEqualTo(400004);
    assertThat(error.message()).contains("/properties/desired/outer/");
  }

  @Test
  void keys_with_other_punctuation_and_non_ascii_letters_are_accepted() {
    accept(twin.patchReported(json("{'a-b_c:d@e#f/g~h':1,'Zeitzone-ä€😀':'ok','CaseSensitive':1,'casesensitive':2}")));

    assertThat(twin.snapshot().reported().has("a-b_c:d@e#f/g~h")).isTrue();
    assertThat(twin.snapshot().reported().has("casesensitive")).isTrue();
  }

  @Test
  void a_key_of_1024_utf8_bytes_is_accepted_and_1025_bytes_is_rejected() {
    String ascii1024 = "k".repeat(1024);
    String twoByte1024 = "é".repeat(512);
    accept(twin.patchReported(object().put(ascii1024, 1)));
    accept(twin.patchReported(object().put(twoByte1024, 1)));

    rejectUnchanged(t -> t.patchReported(object().put(ascii1024 + "k", 1)), 400, null);
    rejectUnchanged(t -> t.patchReported(object().put("é".repeat(512) + "k", 1)), 400, null);
  }

  @Test
  void a_json_pointer_in_the_error_escapes_slash_and_tilde_in_keys() {
    ObjectNode patch = object();
    patch.putObject("a/b~c").put("bad.key", 1);

    rejectUnchanged(t -> t.patchTags(patch), 400, "/tags/a~1b~0c/bad.key");
  }

  // --- values ---

  @Test
  void a_string_of_4096_utf8_bytes_is_accepted_and_4097_bytes_is_rejected() {
    accept(twin.patchDesired(object().put("ascii", "s".repeat(4096))));
    accept(twin.patchDesired(object().put("euro", "€".repeat(1365) + "s")));

    TwinError error = rejectUnchanged(t -> t.patchDesired(object().put("long", "s".repeat(4097))), 400,
        "/properties/desired/long");
    assertThat(error.message()).contains("4097");
    rejectUnchanged(t -> t.patchDesired(object().put("euro", "€".repeat(1366))), 400, "/properties/desired/euro");
  }

  @Test
  void a_long_string_inside_an_array_is_rejected_too() {
    ObjectNode patch = object();
    patch.putArray("list").add("ok").add("s".repeat(4097));

    rejectUnchanged(t -> t.patchReported(patch), 400, "/properties/reported/list/1");
  }

  @Test
  void integers_at_both_ends_of_the_range_are_accepted_and_one_beyond_is_rejected() {
    accept(twin.patchReported(object().put("max", 4_503_599_627_370_495L).put("min", -4_503_599_627_370_496L)));

    rejectUnchanged(t -> t.patchReported(object().put("max", 4_503_599_627_370_496L)), 400,
        "/properties/reported/max");
    rejectUnchanged(t -> t.patchReported(object().put("min", -4_503_599_627_370_497L)), 400,
        "/properties/reported/min");
    rejectUnchanged(t -> t.patchReported(object().put("huge", new BigInteger("123456789012345678901234567890"))),
        400, "/properties/reported/huge");
    rejectUnchanged(t -> t.patchReported(json("{'nested':[1,[2,99999999999999999]]}")), 400,
        "/properties/reported/nested/1/1");
  }

  @Test
  void numbers_with_a_fraction_or_exponent_are_doubles_outside_the_integer_rule() {
    accept(twin.patchReported(json("{'big':1e300,'fraction':4503599627370496.5,'small':-0.25}")));

    assertThat(twin.snapshot().reported().get("big").doubleValue()).isEqualTo(1e300);
  }

  @Test
  void a_number_too_large_for_a_double_is_rejected() {
    rejectUnchanged(t -> t.patchReported(json("{'inf':1e400}")), 400, "/properties/reported/inf");
  }

  @Test
  void ten_levels_of_nested_objects_are_accepted_and_an_eleventh_is_rejected() {
    accept(twin.patchTags(nested(10)));

    TwinError error = rejectUnchanged(t -> t.patchTags(nested(11)), 400,
        "/tags/l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/l11");
    assertThat(error.message()).contains("10 levels");
  }

  @Test
  void an_array_adds_no_depth_but_an_object_inside_it_does() {
    ObjectNode nine = nested(9);
    ObjectNode deepest = (ObjectNode) nine.at("/l1/l2/l3/l4/l5/l6/l7/l8/l9");
    deepest.putArray("list").addObject().put("atTen", 1);
    accept(twin.patchDesired(nine));

    ObjectNode ten = nested(10);
    ((ObjectNode) ten.at("/l1/l2/l3/l4/l5/l6/l7/l8/l9/l10")).putArray("list").addObject().put("atEleven", 1);
    rejectUnchanged(t -> t.patchDesired(ten), 400, "/properties/desired/l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/list/0");
  }

  @Test
  void keys_of_objects_inside_arrays_follow_the_key_rules() {
    rejectUnchanged(t -> t.patchDesired(json("{'list':[{'bad key':1}]}")), 400,
        "/properties/desired/list/0/bad key");
  }

  @Test
  void null_inside_an_array_is_rejected() {
    rejectUnchanged(t -> t.patchDesired(json("{'list':[1,null]}")), 400, "/properties/desired/list/1");
  }

  @Test
  void an_update_that_is_not_a_json_object_is_rejected() {
    rejectUnchanged(t -> t.patchDesired(json("[1,2]")), 400, "/properties/desired");
    rejectUnchanged(t -> t.replaceTags(json("'text'")), 400, "/tags");
  }

  @Test
  void the_first_broken_rule_rejects_the_whole_update_and_no_part_of_it_is_applied() {
    rejectUnchanged(t -> t.patchReported(json("{'good':1,'also':{'fine':2},'bad.key':3,'later':4}")), 400,
        "/properties/reported/bad.key");
  }

  // --- immutability and threads ---

  @Test
  void documents_handed_out_or_passed_in_cannot_change_the_twin() {
    ObjectNode patch = json("{'a':{'b':1}}").deepCopy();
    accept(twin.patchDesired(patch));
    ((ObjectNode) patch.get("a")).put("b", 99);

    ObjectNode copy = twin.snapshot().desired().toObjectNode();
    copy.put("a", "changed");
    JsonNode member = twin.snapshot().desired().get("a");
    ((ObjectNode) member).put("b", 42);

    assertThat(twin.snapshot().desired()).isEqualTo(doc("{'a':{'b':1}}"));
  }

  @Test
  void integers_compare_equal_however_they_were_built() {
    assertThat(TwinDocument.copyOf(object().put("n", 1))).isEqualTo(TwinDocument.copyOf(object().put("n", 1L)));
    assertThat(TwinDocument.copyOf(object().put("n", 1))).isEqualTo(doc("{'n':1}"));
    assertThat(doc("{'a':1,'b':2}")).isEqualTo(doc("{'b':2,'a':1}")).hasSameHashCodeAs(doc("{'b':2,'a':1}"));
  }

  @Test
  void concurrent_updates_are_serialised_and_none_is_lost() throws Exception {
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String key = "t" + t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 1; i <= perThread; i++) {
            accept(twin.patchReported(object().put(key, i)));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    TwinSnapshot s = twin.snapshot();
    assertThat(s.reportedVersion()).isEqualTo(1 + threads * perThread);
    assertThat(s.version()).isEqualTo(1 + threads * perThread);
    for (int t = 0; t < threads; t++) {
      assertThat(s.reported().get("t" + t).longValue()).isEqualTo(perThread);
    }
  }

  // --- helpers ---

  private static TwinUpdate.Accepted accept(TwinUpdate update) {
    assertThat(update).isInstanceOf(TwinUpdate.Accepted.class);
    return (TwinUpdate.Accepted) update;
  }

  /** Runs {@code op}, expects a rejection with {@code status} (and {@code path} unless null), and no change at all. */
  private TwinError rejectUnchanged(Function<Twin, TwinUpdate> op, int status, String path) {
    TwinSnapshot before = twin.snapshot();
    TwinUpdate update = op.apply(twin);
    assertThat(update).isInstanceOf(TwinUpdate.Rejected.class);
    assertThat(update.isAccepted()).isFalse();
    TwinError error = ((TwinUpdate.Rejected) update).error();
    assertThat(error.status()).isEqualTo(status);
    if (path != null) {
      assertThat(error.path()).isEqualTo(path);
    }
    assertThat(twin.snapshot()).isEqualTo(before);
    return error;
  }

  private static TwinUpdate write(TwinSection section, Twin twin, ObjectNode document) {
    return switch (section) {
      case TAGS -> twin.replaceTags(document);
      case DESIRED -> twin.replaceDesired(document);
      case REPORTED -> twin.patchReported(document);
    };
  }

  private static TwinDocument section(TwinSection section, TwinSnapshot s) {
    return switch (section) {
      case TAGS -> s.tags();
      case DESIRED -> s.desired();
      case REPORTED -> s.reported();
    };
  }

  /**
   * A document of exactly {@code size} bytes (a multiple of 4096): one-letter keys a, b, c… each holding 4095 ASCII
   * characters, so each member counts 1 + 4095.
   */
  static ObjectNode documentOfSize(int size) {
    ObjectNode doc = object();
    for (int i = 0; i < size / 4096; i++) {
      doc.put(String.valueOf((char) ('a' + i)), "x".repeat(4095));
    }
    return doc;
  }

  /** {@code {"l1":{"l2":{… {"l<levels>":{"leaf":1}}}}}}: {@code levels} nested objects below the root. */
  private static ObjectNode nested(int levels) {
    ObjectNode root = object();
    ObjectNode current = root;
    for (int i = 1; i <= levels; i++) {
      current = current.putObject("l" + i);
    }
    current.put("leaf", 1);
    return root;
  }
}
