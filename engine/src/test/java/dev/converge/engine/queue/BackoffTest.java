package dev.converge.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delays_double_until_the_cap_with_jitter_between_half_and_full() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 10, new Random(1));

    assertThat(b.delay(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(b.delay(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(b.delay(30)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
  }

  @Test
  void the_budget_bounds_retries() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 2, new Random(1));

    assertThat(b.allowsRetry(2)).isTrue();
    assertThat(b.allowsRetry(3)).isFalse();
  }

  @Test
  void contradictory_settings_fail_fast() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 1, new Random()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base <= cap");
  }

  @Property
  void a_delay_never_exceeds_the_cap(@ForAll @IntRange(min = 1, max = 10_000) int failures) {
    Backoff b = Backoff.defaults(new Random(failures));
    assertThat(b.delay(failures)).isLessThanOrEqualTo(Duration.ofMinutes(5)).isPositive();
  }
}
