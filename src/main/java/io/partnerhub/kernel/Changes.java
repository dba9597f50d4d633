package io.partnerhub.kernel;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record of {@link Patch} fields: what a PATCH changes. Only its own fields decode: any other
 * name is refused (VALIDATION), on HTTP and on the bus alike, although the bus otherwise ignores
 * unknown properties (a newer node's additions). Fields not sent are not written.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public interface Changes {
  @JsonAnySetter
  default void refuse(String name, Object value) {
    throw new UnknownField(name);
  }

  /** {@code changes}, which must send at least one field: otherwise VALIDATION. */
  static <C extends Changes> C required(C changes) {
    if (changes == null || Patch.sentFields(changes).isEmpty()) {
      throw ServiceException.validation("changes must send at least one field", null);
    }
    return changes;
  }

  /**
   * A name that is not a field of the changes record: a sender's mistake, said in its own words.
   */
  final class UnknownField extends IllegalArgumentException {
    private final String name;

    UnknownField(String name) {
      super("not a field that can be changed");
      this.name = name;
    }

    public String name() {
      return name;
    }
  }
}
