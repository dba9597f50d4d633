package io.partnerhub.input;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schemas written by tenants (configuration validationRules, partners/customFieldsSchema).
 * They are bounded when saved: depth, size, no references, and patterns that compile under RE2 and
 * are short. vertx-json-schema matches {@code pattern} with java.util.regex, which backtracks
 * (^(.*a){8}$ takes n^8 steps on "aaa...b") and cannot be interrupted on an event loop; so {@link
 * #compile} moves each pattern into a format that RE2/J matches, in time linear in the string, and
 * strings longer than {@link #MAX_MATCHED_LENGTH} are not matched at all.
 */
public final class TenantSchemas {
  public static final int MAX_SIZE = 32_768;
  public static final int MAX_PATTERN_LENGTH = 256;
  public static final int MAX_MATCHED_LENGTH = 1_000;

  /** A format no standard uses: the pattern itself follows it. */
  private static final String RE2_FORMAT = "partnerhub-re2:";

  /** Keywords whose values are instances, not schemas: copied as they are. */
  private static final Set<String> DATA = Set.of("const", "enum", "default", "examples");

  /**
   * References can loop without descending into the instance ({"$ref": "#"}): endless recursion.
   */
  private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");

  /** Keywords whose values map names (any, "pattern" included) to schemas. */
  private static final Set<String> SCHEMA_MAPS =
      Set.of("properties", "$defs", "definitions", "dependentSchemas");

  private TenantSchemas() {}

  /** What is wrong with a schema a tenant wants to save, or null when it is within bounds. */
  public static String problem(JsonObject schema, int maxDepth) {
    if (deeperThan(schema, maxDepth)) {
      return "nested more than " + maxDepth + " levels deep";
    }
    if (schema.encode().length() > MAX_SIZE) {
      return "larger than " + MAX_SIZE + " characters of JSON";
    }
    List<String> problems = new ArrayList<>();
    linear(schema, problems);
    return problems.isEmpty() ? null : problems.get(0);
  }

  /**
   * A validator for a saved schema, its patterns matched by RE2/J. A schema saved before these
   * bounds that breaks them is refused here rather than evaluated: VALIDATION naming what to fix.
   */
  public static Validator compile(JsonObject schema, String what) {
    List<String> problems = new ArrayList<>();
    JsonObject linear = (JsonObject) linear(schema, problems);
    if (!problems.isEmpty()) {
      throw ServiceException.validation(what + " must be changed: " + problems.get(0), null);
    }
    return Validator.create(
        JsonSchema.of(linear), JsonSchemas.OPTIONS, TenantSchemas::matchPattern);
  }

  /**
   * A copy of a schema in which every {@code pattern} is an RE2 format; problems collects what
   * cannot be.
   */
  private static Object linear(Object schema, List<String> problems) {
    if (schema instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(linear(item, problems)));
      return copy;
    }
    if (!(schema instanceof JsonObject object)) {
      return schema;
    }
    JsonObject copy = new JsonObject();
    String pattern = null;
    for (Map.Entry<String, Object> entry : object) {
      String keyword = entry.getKey();
      Object value = entry.getValue();
      if (DATA.contains(keyword)) {
        copy.put(keyword, value);
      } else if (REFERENCES.contains(keyword)) {
        problems.add(
            keyword + " is not supported: write the subschema out (a reference can loop forever)");
      } else if (SCHEMA_MAPS.contains(keyword) && value instanceof JsonObject named) {
        JsonObject schemas = new JsonObject();
        named.forEach(
            schemaEntry ->
                schemas.put(schemaEntry.getKey(), linear(schemaEntry.getValue(), problems)));
        copy.put(keyword, schemas);
      } else if ("patternProperties".equals(keyword)) {
        problems.add(
            "patternProperties is not supported: name the properties, or constrain names with propertyNames");
      } else if ("pattern".equals(keyword) && value instanceof String text) {
        pattern = text;
      } else {
        copy.put(keyword, linear(value, problems));
      }
    }
    if (pattern != null) {
      String problem = patternProblem(pattern);
      if (problem != null) {
        problems.add(problem);
      }
      JsonArray allOf =
          copy.getValue("allOf") instanceof JsonArray existing ? existing : new JsonArray();
      copy.put("allOf", allOf.add(new JsonObject().put("format", RE2_FORMAT + pattern)));
    }
    return copy;
  }

  private static String patternProblem(String pattern) {
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      return "pattern longer than " + MAX_PATTERN_LENGTH + " characters";
    }
    try {
      Pattern.compile(pattern);
      return null;
    } catch (PatternSyntaxException e) {
      return "pattern "
          + pattern
          + " is not an RE2 pattern (no backreferences, lookaround or possessive quantifiers): "
          + e.getDescription();
    }
  }

  /** The format vertx-json-schema asks about at every schema: our RE2 patterns, nothing else. */
  private static String matchPattern(String instanceType, String format, Object instance) {
    if (format == null || !format.startsWith(RE2_FORMAT) || !(instance instanceof String text)) {
      return null;
    }
    String pattern = format.substring(RE2_FORMAT.length());
    if (text.codePointCount(0, text.length()) > MAX_MATCHED_LENGTH) {
      return "String is longer than "
          + MAX_MATCHED_LENGTH
          + " characters, the most matched against a pattern";
    }
    return Pattern.compile(pattern).matcher(text).find()
        ? null
        : "must match the pattern " + pattern;
  }

  /**
   * Whether {@code value} nests objects and arrays more than {@code max} levels; stops looking at
   * max + 1.
   */
  private static boolean deeperThan(Object value, int max) {
    if (value instanceof JsonObject object) {
      return max == 0 || object.stream().anyMatch(entry -> deeperThan(entry.getValue(), max - 1));
    }
    if (value instanceof JsonArray array) {
      return max == 0 || array.stream().anyMatch(item -> deeperThan(item, max - 1));
    }
    return false;
  }
}
