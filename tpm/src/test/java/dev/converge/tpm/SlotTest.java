package dev.converge.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlotTest {

  @Test
  void slots_zero_and_nine_are_the_first_and_last() {
    assertThat(Slot.of(0).number()).isZero();
    assertThat(Slot.of(9).number()).isEqualTo(9);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 10, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void slot_numbers_outside_zero_to_nine_are_rejected(int number) {
    assertThatThrownBy(() -> Slot.of(number))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..9")
        .hasMessageContaining(String.valueOf(number));
  }

  @Test
  void the_uri_nv_index_is_limpets_base_plus_the_slot() {
    assertThat(Slot.of(0).uriNvIndex()).isEqualTo(0x01400100);
    assertThat(Slot.of(9).uriNvIndex()).isEqualTo(0x01400109);
  }

  @Test
  void the_hmac_key_handle_is_limpets_base_plus_the_slot() {
    assertThat(Slot.of(0).hmacKeyHandle()).isEqualTo(0x81000100);
    assertThat(Slot.of(1).hmacKeyHandle()).isEqualTo(0x81000101);
    assertThat(Integer.toUnsignedString(Slot.of(9).hmacKeyHandle(), 16)).isEqualTo("81000109");
  }

  @Test
  void the_srk_and_ek_sit_at_the_well_known_handles() {
    assertThat(Integer.toHexString(SlotLayout.SRK_HANDLE)).isEqualTo("81000001");
    assertThat(Integer.toHexString(SlotLayout.EK_HANDLE)).isEqualTo("81010001");
  }

  @Test
  void the_layout_has_ten_slots_in_order_and_none_collides_with_the_well_known_keys() {
    assertThat(SlotLayout.slots()).extracting(Slot::number).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(SlotLayout.slots())
        .extracting(Slot::hmacKeyHandle)
        .doesNotHaveDuplicates()
        .doesNotContain(SlotLayout.SRK_HANDLE, SlotLayout.EK_HANDLE);
  }
}
