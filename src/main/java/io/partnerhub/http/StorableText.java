package io.partnerhub.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Text a client may send: well-formed UTF-8, and no character that cannot be stored as it was sent.
 * Jackson decodes overlong UTF-8 (bytes C0 AF become "/") and accepts escaped unpaired surrogates
 * (backslash-u D800), which are then written to PostgreSQL as "?"; PostgreSQL refuses NUL in text
 * and jsonb. All three are refused at the edge instead of being silently changed or failing deep in
 * a service.
 */
final class StorableText {
  private StorableText() {}

  /** Strict UTF-8: no overlong forms, no encoded surrogates, nothing beyond U+10FFFF. */
  static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** True when every string in the JSON value, names included, is storable. */
  static boolean isStorable(Object json) {
    if (json instanceof String text) {
      return isStorable(text);
    }
    if (json instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        if (!isStorable(entry.getKey()) || !isStorable(entry.getValue())) {
          return false;
        }
      }
    } else if (json instanceof JsonArray array) {
      for (Object item : array) {
        if (!isStorable(item)) {
          return false;
        }
      }
    }
    return true;
  }

  /** No NUL and no unpaired surrogate. */
  static boolean isStorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return false;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
