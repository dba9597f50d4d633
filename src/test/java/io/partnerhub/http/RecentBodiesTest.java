package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentBodiesTest {
  record Page(List<String> items) {}

  private final RecentBodies bodies = new RecentBodies();

  @Test
  void theSameRecordIsEncodedOnceAnEqualButDistinctOneAgain() {
    Page page = new Page(List.of("a", "b"));
    assertThat(bodies.encode(page)).isSameAs(bodies.encode(page));
    Page equal = new Page(List.of("a", "b"));
    assertThat(bodies.encode(equal)).isNotSameAs(bodies.encode(page));
    assertThat(bodies.encode(equal).toString()).isEqualTo("{\"items\":[\"a\",\"b\"]}");
  }

  @Test
  void aMutableBodyIsEncodedAsItIsNow() {
    JsonObject body = new JsonObject().put("n", 1);
    assertThat(bodies.encode(body).toString()).isEqualTo("{\"n\":1}");
    body.put("n", 2);
    assertThat(bodies.encode(body).toString()).isEqualTo("{\"n\":2}");
  }
}
