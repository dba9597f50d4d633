package io.partnerhub.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void onlyTheCanonicalFormIsAnId() {
    UUID id = UUID.randomUUID();
    assertThat(Ids.parse(id.toString())).isEqualTo(id);
    assertThat(Ids.parse(id.toString().toUpperCase())).isEqualTo(id);
    assertThat(Ids.parse("1-1-1-1-1")).isNull();
    assertThat(Ids.parse(id.toString().replace("-", ""))).isNull();
    assertThat(Ids.parse(id + " ")).isNull();
    assertThat(Ids.parse("{" + id.toString().substring(1))).isNull();
    assertThat(Ids.parse(id.toString().substring(0, 8) + "+" + id.toString().substring(9)))
        .isNull();
    // full-width digits are digits to Character.digit and UUID.fromString, never to an id
    assertThat(Ids.parse("\uff10" + id.toString().substring(1))).isNull();
    assertThat(Ids.parse(null)).isNull();
  }
}
