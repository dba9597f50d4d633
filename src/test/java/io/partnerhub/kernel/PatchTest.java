package io.partnerhub.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A PATCH body field by field: not sent keeps, null clears, a value sets; nothing else decodes. */
class PatchTest {
  record Thing(String name, String note, List<String> tags, int version) {}

  record ThingChanges(Patch<String> name, Patch<String> note, Patch<List<String>> tags)
      implements Changes {}

  record Request(String id, ThingChanges changes) {}

  private static final Thing CURRENT = new Thing("Acme", "a note", List.of("a"), 3);

  private static ThingChanges changes(String json) {
    return Jsons.mapper().convertValue(new JsonObject(json).getMap(), ThingChanges.class);
  }

  @ParameterizedTest(name = "{0} makes {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\": \"Globex\"}                 | Thing[name=Globex, note=a note, tags=[a], version=3]",
        "{\"note\": null}                      | Thing[name=Acme, note=null, tags=[a], version=3]",
        "{\"tags\": [], \"note\": \"other\"}   | Thing[name=Acme, note=other, tags=[], version=3]",
        "{\"name\": \"Acme\", \"tags\": null}  | Thing[name=Acme, note=a note, tags=null, version=3]"
      })
  void theOneMergeChangesWhatIsSentAndKeepsTheRest(String json, String merged) {
    assertThat(Patch.merge(CURRENT, changes(json))).hasToString(merged);
  }

  @Test
  void whatIsSentIsKnownByName() {
    assertThat(Patch.sentFields(changes("{\"note\": null, \"tags\": [\"b\"]}")))
        .isEqualTo(Set.of("note", "tags"));
    assertThat(Patch.sentFields(new ThingChanges(null, Patch.absent(), Patch.of(List.of()))))
        .isEqualTo(Set.of("tags"));
  }

  @Test
  void changesThatSendNothingAreRefused() {
    assertThatThrownBy(() -> Changes.required(changes("{}")))
        .isInstanceOfSatisfying(
            ServiceException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.VALIDATION));
    assertThatThrownBy(() -> Changes.required((ThingChanges) null))
        .isInstanceOf(ServiceException.class);
    assertThat(Changes.required(changes("{\"note\": null}")).note()).isEqualTo(Patch.of(null));
  }

  @Test
  void aFieldTheTargetLacksIsABugNotAMerge() {
    record Other(String name) {}
    assertThatThrownBy(() -> Patch.merge(new Other("x"), changes("{\"note\": \"y\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("note");
  }

  @Test
  void aChangeIsWrittenAsItWasSent() throws JsonProcessingException {
    String json = "{\"id\":\"7\",\"changes\":{\"note\":null,\"tags\":[\"b\"]}}";
    Request request = Jsons.mapper().readValue(json, Request.class);
    assertThat(request.changes().name()).isEqualTo(Patch.absent());
    assertThat(Jsons.encode(request)).isEqualTo(json);
  }

  @Test
  void aFieldThatCannotBeChangedIsRefusedAtItsPointer() {
    String json = "{\"id\":\"7\",\"changes\":{\"note\":\"n\",\"organizationId\":\"b\"}}";
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Jsons.mapper().readValue(json, Request.class));
    ServiceException refused = Jsons.refusal(failure);
    assertThat(refused.code()).isEqualTo(FailureCode.VALIDATION);
    assertThat(refused.toJson().encode())
        .contains("\"field\":\"/changes/organizationId\"")
        .contains("not a field that can be changed");
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedAtItsPointer() {
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Jsons.mapper().readValue("{\"changes\":{\"tags\":{\"x\":1}}}", Request.class));
    assertThat(Jsons.refusal(failure).toJson().encode()).contains("\"field\":\"/changes/tags\"");
  }
}
