package dev.converge.emulator.adm;

import static dev.converge.emulator.testing.Json.content;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.converge.emulator.testing.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConfigurationStoreTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2025-03-01T10:00:00.123456789Z"));
  private final ConfigurationStore store = new ConfigurationStore(clock);

  @Test
  void create_fills_in_the_fields_the_hub_owns_and_ignores_what_the_client_sent_there() {
    Configuration requested = new Configuration("fan-eco", "1.0", Map.of("owner", "ops"),
        ConfigurationContent.ofDevice(content("{'properties.desired.fan':{'mode':'eco'}}")), null,
        "tags.environment='prod'", "0001-01-01T00:00:00", "0001-01-01T00:00:00", 10,
        new ConfigurationMetrics(Map.of("targetedCount", 99L), Map.of()),
        new ConfigurationMetrics(Map.of("m", 5L), Map.of("m", "SELECT deviceId FROM devices")), "");

    Configuration stored = store.create(requested);

    assertThat(stored.createdTimeUtc()).isEqualTo("2025-03-01T10:00:00.1234567Z");
    assertThat(stored.lastUpdatedTimeUtc()).isEqualTo("2025-03-01T10:00:00.1234567Z");
    assertThat(stored.etag()).isEqualTo("MQ==");
    assertThat(stored.systemMetrics().results()).isEqualTo(Map.of("targetedCount", 0L, "appliedCount", 0L));
    assertThat(stored.systemMetrics().queries()).isEqualTo(Map.of(
        "targetedCount", "select deviceId from devices where tags.environment='prod'",
        "appliedCount", "select deviceId from devices where configurations.[[fan-eco]].status = 'Applied'"));
    assertThat(stored.metrics()).isEqualTo(ConfigurationMetrics.ofQueries(Map.of("m", "SELECT deviceId FROM devices")));
    assertThat(stored.labels()).isEqualTo(Map.of("owner", "ops"));
    assertThat(stored.priority()).isEqualTo(10);
    assertThat(store.get("fan-eco")).contains(stored);
  }

  @Test
  void module_configurations_get_module_system_metric_queries() {
    Configuration stored = store.create(Configuration.of("m", ConfigurationContent.ofModule(
        content("{'properties.desired.rate':5}")), "FROM devices.modules WHERE tags.kind='sensor'", 1, Map.of(),
        Map.of()));

    assertThat(stored.systemMetrics().queries()).isEqualTo(Map.of(
        "targetedCount", "select deviceId, moduleId FROM devices.modules WHERE tags.kind='sensor'",
        "appliedCount", "select deviceId, moduleId from devices.modules where configurations.[[m]].status = 'Applied'"));
  }

  @Test
  void an_empty_target_has_an_empty_targeted_query() {
    assertThat(store.create(config("idle", 1)).systemMetrics().queries().get("targetedCount")).isEmpty();
  }

  @Test
  void list_returns_configurations_oldest_first() {
    store.create(config("b", 1));
    store.create(config("a", 1));

    assertThat(store.list()).extracting(Configuration::id).containsExactly("b", "a");
    assertThat(store.get("missing")).isEmpty();
  }

  @Test
  void creating_an_existing_id_is_409() {
    store.create(config("dup", 1));

    ConfigurationException e = refused(() -> store.create(config("dup", 2)));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.field()).isEqualTo("id");
    assertThat(e.getMessage()).contains("'dup'");
  }

  @Test
  void the_store_holds_at_most_one_hundred_configurations() {
    for (int i = 0; i < ConfigurationStore.MAX_CONFIGURATIONS; i++) {
      store.create(config("c" + i, 1));
    }

    ConfigurationException e = refused(() -> store.create(config("one-too-many", 1)));

    assertThat(e.status()).isEqualTo(413);
    assertThat(e.getMessage()).contains("ConfigurationCountLimitExceeded").contains("100");
    assertThat(store.list()).hasSize(100);
    store.delete("c0");
    assertThat(store.create(config("one-too-many", 1)).id()).isEqualTo("one-too-many");
  }

  @Test
  void update_changes_labels_metrics_priority_and_target_with_a_new_etag_and_update_time() {
    Configuration created = store.create(config("fan", 1));
    clock.advance(Duration.ofMinutes(5));
    Configuration requested = new Configuration("fan", "2.0", Map.of("v", "2"), created.content(), "x",
        "tags.ring='canary'", "1999-01-01T00:00:00Z", "1999-01-01T00:00:00Z", 50, ConfigurationMetrics.empty(),
        ConfigurationMetrics.ofQueries(Map.of("n", "SELECT deviceId FROM devices")), "bogus");

    Configuration updated = store.update(requested, created.etag());

    assertThat(updated.labels()).isEqualTo(Map.of("v", "2"));
    assertThat(updated.priority()).isEqualTo(50);
    assertThat(updated.targetCondition()).isEqualTo("tags.ring='canary'");
    assertThat(updated.metrics().queries()).isEqualTo(Map.of("n", "SELECT deviceId FROM devices"));
    assertThat(updated.systemMetrics().queries().get("targetedCount"))
        .isEqualTo("select deviceId from devices where tags.ring='canary'");
    assertThat(updated.createdTimeUtc()).isEqualTo(created.createdTimeUtc());
    assertThat(updated.lastUpdatedTimeUtc()).isEqualTo("2025-03-01T10:05:00.1234567Z");
    assertThat(updated.etag()).isNotEqualTo(created.etag());
    assertThat(updated.schemaVersion()).isEqualTo("1.0");
    assertThat(updated.contentType()).isNull();
    assertThat(store.get("fan")).contains(updated);
  }

  @Test
  void changing_content_on_update_is_refused_naming_content() {
    Configuration created = store.create(config("fan", 1));
    Configuration changed = Configuration.of("fan", ConfigurationContent.ofDevice(
        content("{'properties.desired.fan':{'mode':'turbo'}}")), "", 1, Map.of(), Map.of());

    ConfigurationException e = refused(() -> store.update(changed));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.field()).isEqualTo("content");
    assertThat(e.getMessage()).contains("immutable").contains("turbo").contains("eco");
    assertThat(store.get("fan")).contains(created);
  }

  @Test
  void content_sent_back_unchanged_or_empty_is_accepted() {
    Configuration created = store.create(config("fan", 1));
    Configuration sameWithIntegersAsDecimals = Configuration.of("fan", ConfigurationContent.ofDevice(
        content("{'properties.desired.fan':{'mode':'eco','level':2.0}}")), "", 3, Map.of(), Map.of());

    assertThat(store.update(sameWithIntegersAsDecimals).priority()).isEqualTo(3);
    // The Java service SDK 2.1.9 replaces a module configuration with empty content (it drops moduleContent on read).
    Configuration emptyContent = Configuration.of("fan", ConfigurationContent.empty(), "", 4, Map.of(), Map.of());
    Configuration updated = store.update(emptyContent);
    assertThat(updated.priority()).isEqualTo(4);
    assertThat(updated.content()).isEqualTo(created.content());
  }

  @Test
  void an_update_that_breaks_a_rule_is_refused_and_changes_nothing() {
    Configuration created = store.create(config("fan", 1));

    ConfigurationException e = refused(() -> store.update(Configuration.of("fan", created.content(), "tags.a =",
        1, Map.of(), Map.of())));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.field()).isEqualTo("targetCondition");
    assertThat(store.get("fan")).contains(created);
  }

  @Test
  void update_and_delete_need_a_matching_etag_or_a_star() {
    Configuration created = store.create(config("fan", 1));
    Configuration v2 = store.update(config("fan", 2), "\"" + created.etag() + "\"");

    ConfigurationException stale = refused(() -> store.update(config("fan", 3), created.etag()));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.field()).isEqualTo("etag");
    assertThat(stale.getMessage()).contains(created.etag()).contains(v2.etag());
    assertThat(refused(() -> store.delete("fan", created.etag())).status()).isEqualTo(412);

    Configuration v3 = store.update(config("fan", 3), "*");
    assertThat(v3.priority()).isEqualTo(3);
    assertThat(store.delete("fan", v3.etag())).isEqualTo(v3);
    assertThat(store.get("fan")).isEmpty();
  }

  @Test
  void updating_or_deleting_a_missing_configuration_is_404() {
    assertThat(refused(() -> store.update(config("ghost", 1))).status()).isEqualTo(404);
    assertThat(refused(() -> store.delete("ghost")).status()).isEqualTo(404);
  }

  @Test
  void every_accepted_change_gets_an_etag_never_used_before() {
    Set<String> etags = new HashSet<>();
    etags.add(store.create(config("a", 1)).etag());
    etags.add(store.update(config("a", 2)).etag());
    store.delete("a");
    etags.add(store.create(config("a", 1)).etag());
    etags.add(store.create(config("b", 1)).etag());

    assertThat(etags).hasSize(4);
  }

  @Test
  void recorded_results_change_neither_the_etag_nor_the_update_time() {
    Configuration created = store.create(Configuration.of("fan", ConfigurationContent.empty(), "*", 1, Map.of(),
        Map.of("all", "SELECT deviceId FROM devices")));
    Evaluation evaluation = new Evaluation(List.of(),
        List.of(new ConfigurationCounts("fan", created.etag(), 7, 5, Map.of("all", 7L))));

    store.record(evaluation);

    Configuration after = store.get("fan").orElseThrow();
    assertThat(after.systemMetrics().results()).isEqualTo(Map.of("targetedCount", 7L, "appliedCount", 5L));
    assertThat(after.metrics().results()).isEqualTo(Map.of("all", 7L));
    assertThat(after.etag()).isEqualTo(created.etag());
    assertThat(after.lastUpdatedTimeUtc()).isEqualTo(created.lastUpdatedTimeUtc());
  }

  @Test
  void results_for_a_configuration_changed_since_its_evaluation_are_ignored() {
    Configuration created = store.create(config("fan", 1));
    Evaluation stale = new Evaluation(List.of(), List.of(new ConfigurationCounts("fan", created.etag(), 7, 5,
        Map.of()), new ConfigurationCounts("deleted", "x", 1, 1, Map.of())));
    Configuration updated = store.update(config("fan", 2));

    store.record(stale);

    assertThat(store.get("fan")).contains(updated);
    assertThat(store.get("deleted")).isEmpty();
  }

  @Test
  void an_update_keeps_results_only_for_unchanged_metric_queries() {
    Configuration created = store.create(Configuration.of("fan", ConfigurationContent.empty(), "*", 1, Map.of(),
        Map.of("same", "SELECT deviceId FROM devices", "changed", "SELECT deviceId FROM devices")));
    store.record(new Evaluation(List.of(), List.of(new ConfigurationCounts("fan", created.etag(), 3, 0,
        Map.of("same", 3L, "changed", 3L)))));

    Configuration updated = store.update(Configuration.of("fan", ConfigurationContent.empty(), "*", 1, Map.of(),
        Map.of("same", "SELECT deviceId FROM devices", "changed", "SELECT deviceId FROM devices WHERE tags.a = 1")));

    assertThat(updated.metrics().results()).isEqualTo(Map.of("same", 3L));
    assertThat(updated.systemMetrics().results()).isEqualTo(Map.of("targetedCount", 3L, "appliedCount", 0L));
  }

  @Test
  void the_store_survives_a_round_trip_through_its_json_document() {
    store.create(config("a", 1));
    Configuration b = store.create(Configuration.of("b", ConfigurationContent.ofModule(content(
        "{'properties.desired.x':{'y':[1,'two',true]}}")), "FROM devices.modules WHERE moduleId='m'", 5,
        Map.of("l", "v"), Map.of("q", "SELECT deviceId, moduleId FROM devices.modules")));
    store.record(new Evaluation(List.of(), List.of(new ConfigurationCounts("b", b.etag(), 2, 1, Map.of("q", 2L)))));

    ConfigurationStore restored = ConfigurationStore.fromJson(store.toJson(), clock);

    assertThat(restored.list()).isEqualTo(store.list());
    assertThat(restored.toJson()).isEqualTo(store.toJson());
    assertThat(restored.create(config("c", 1)).etag()).isNotIn("MQ==", "Mg==", b.etag());
  }

  @Test
  void a_broken_state_document_is_refused() {
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> ConfigurationStore.fromJson(Json.json("{'revision':1,'configurations':[{'id':'BAD'}]}"), clock)))
        .hasMessageContaining("id");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> ConfigurationStore.fromJson(Json.json("[]"), clock))).isNotNull();
  }

  @Test
  void concurrent_creates_are_serialised_and_each_gets_its_own_etag() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> etags = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        String id = "c" + i;
        etags.add(pool.submit(() -> {
          start.await();
          return store.create(config(id, 1)).etag();
        }));
      }
      start.countDown();
      Set<String> distinct = new HashSet<>();
      for (Future<String> f : etags) {
        distinct.add(f.get());
      }
      assertThat(distinct).hasSize(80);
      assertThat(store.list()).hasSize(80);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Configuration config(String id, int priority) {
    return Configuration.of(id, ConfigurationContent.ofDevice(content("{'properties.desired.fan':{'mode':'eco',"
        + "'level':2}}")), "", priority, Map.of(), Map.of());
  }

  private static ConfigurationException refused(Runnable action) {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, action::run);
    assertThat(e).as("expected a ConfigurationException").isNotNull();
    return e;
  }
}
