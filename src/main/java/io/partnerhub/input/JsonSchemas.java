package io.partnerhub.input;

import io.partnerhub.kernel.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * JSON Schema (draft 2020-12, vertx-json-schema) compilation and readable errors, shared by all
 * checks. The library's Basic output lists every failing keyword, applicators included ("Property x
 * does not match schema", "does not match additional properties schema" for a declared property
 * that failed): only leaf causes are reported, each at its JSON Pointer, with a message naming the
 * rule.
 */
public final class JsonSchemas {
  public static final JsonSchemaOptions OPTIONS =
      new JsonSchemaOptions()
          .setDraft(Draft.DRAFT202012)
          .setBaseUri("urn:partnerhub:schema")
          .setOutputFormat(OutputFormat.Basic);

  /**
   * Keywords that only apply subschemas: their failure is explained by a deeper one, when there is
   * one.
   */
  private static final Set<String> APPLICATORS =
      Set.of(
          "properties",
          "patternProperties",
          "additionalProperties",
          "items",
          "prefixItems",
          "contains",
          "propertyNames",
          "unevaluatedProperties",
          "unevaluatedItems",
          "dependentSchemas",
          "allOf",
          "$ref",
          "$dynamicRef");

  private static final Set<String> COMBINATORS = Set.of("anyOf", "oneOf", "not");

  /**
   * Enough to fix a request by; a body of thousands of unknown fields does not get an answer as
   * large.
   */
  private static final int MAX_PROBLEMS = 100;

  private static final Pattern REQUIRED = Pattern.compile("required property \"(.*)\"");

  private JsonSchemas() {}

  /** A scalar this short may be remembered as valid. */
  private static final int REMEMBERED_LENGTH = 128;

  /** How many valid scalars a schema remembers before it starts afresh. */
  private static final int REMEMBERED = 1024;

  private static final OutputUnit VALID = new OutputUnit(true);
  private static final JsonObject UUID_ONLY =
      new JsonObject().put("type", "string").put("format", "uuid");

  /**
   * A validator that remembers its schema, so that problems can name the rule (pattern,
   * maximum...). A scalar's validity depends on nothing but its value, and the same query and path
   * values come again and again (a category, a page size): the valid ones are remembered, and a
   * schema that asks only for a canonical UUID is answered by {@link Ids} (the full check cost a
   * fifth of a cached read's time).
   */
  private record Described(
      Validator validator, JsonObject schema, boolean uuidOnly, Set<Object> valid)
      implements Validator {
    @Override
    public OutputUnit validate(Object value) {
      if (uuidOnly && value instanceof String text && Ids.parse(text) != null) {
        return VALID;
      }
      boolean rememberable =
          value instanceof Number
              || value instanceof Boolean
              || value instanceof String text && text.length() <= REMEMBERED_LENGTH;
      if (rememberable && valid.contains(value)) {
        return VALID;
      }
      OutputUnit result = validator.validate(value);
      if (rememberable && Boolean.TRUE.equals(result.getValid())) {
        if (valid.size() >= REMEMBERED) {
          valid.clear();
        }
        valid.add(value);
      }
      return result;
    }
  }

  /**
   * Compiles a schema of ours (openapi.yaml), its named formats checked by {@link InputFormats};
   * the argument is copied because compiling annotates the object it is given.
   */
  public static Validator compile(JsonObject schema) {
    return new Described(
        Validator.create(JsonSchema.of(schema.copy()), OPTIONS, InputFormats::problem),
        schema.copy(),
        UUID_ONLY.equals(schema),
        ConcurrentHashMap.newKeySet());
  }

  /**
   * The leaf problems of {@code value}, keyed by JSON Pointer below {@code at} (a pointer, "" for
   * the value itself); empty when it is valid. Problems at one place are joined with "; ".
   */
  public static JsonObject problems(Validator validator, Object value, String at) {
    OutputUnit result = validator.validate(value);
    JsonObject problems = new JsonObject();
    if (Boolean.TRUE.equals(result.getValid())) {
      return problems;
    }
    List<OutputUnit> errors =
        result.getErrors() == null || result.getErrors().isEmpty()
            ? List.of(result)
            : result.getErrors();
    JsonObject schema = validator instanceof Described described ? described.schema() : null;
    for (OutputUnit error : leaves(errors)) {
      if (problems.size() == MAX_PROBLEMS) {
        break;
      }
      String pointer = at + location(error.getInstanceLocation());
      String keyword = lastSegment(location(error.getKeywordLocation()));
      Matcher required = REQUIRED.matcher(String.valueOf(error.getError()));
      if ("required".equals(keyword) && required.find()) {
        pointer += "/" + required.group(1).replace("~", "~0").replace("/", "~1");
      }
      Object rule = schema == null ? null : rule(schema, error.getKeywordLocation());
      String problem =
          "format".equals(keyword) && InputFormats.owns(rule)
              ? ownFormatProblem((String) rule, value, error.getInstanceLocation(), error)
              : describe(keyword, rule, error);
      String earlier = problems.getString(pointer);
      if (earlier == null) {
        problems.put(pointer, problem);
      } else if (!List.of(earlier.split("; ")).contains(problem)) {
        problems.put(pointer, earlier + "; " + problem);
      }
    }
    return problems;
  }

  /**
   * Null when {@code value} is valid, else its problems as one readable line ("/pointer: problem;
   * ...").
   */
  public static String problems(Validator validator, Object value) {
    JsonObject problems = problems(validator, value, "");
    if (problems.isEmpty()) {
      return null;
    }
    return problems.stream()
        .map(entry -> (entry.getKey().isEmpty() ? "" : entry.getKey() + ": ") + entry.getValue())
        .collect(Collectors.joining("; "));
  }

  /**
   * Our words for a failed format of ours: the library's looser check of the same name fails
   * alongside ours (uuid, date), and both then read the same, so the problem is named once.
   */
  private static String ownFormatProblem(
      String format, Object value, String instanceLocation, OutputUnit error) {
    Object instance = JsonPointer.from(location(instanceLocation)).queryJson(value);
    String problem = InputFormats.problem(null, format, instance);
    return problem != null ? problem : String.valueOf(error.getError());
  }

  /**
   * The failures worth reporting. An applicator's failure is explained, and left out, by a failure
   * below its instance location, by a failure of a keyword inside it at the same location, or by
   * any other keyword's failure at the same location (the "additional properties" echo of a
   * declared property that failed). A failure inside an anyOf/oneOf/not is explained by that
   * combinator's own (one message, not one per alternative). Linear in the number of failures
   * (times the nesting depth).
   */
  private static List<OutputUnit> leaves(List<OutputUnit> errors) {
    Set<String> hasFailureBelow = new HashSet<>();
    Set<String> hasOtherKeywordFailure = new HashSet<>();
    Set<String> hasInnerFailure = new HashSet<>();
    Set<String> combinators = new HashSet<>();
    for (OutputUnit error : errors) {
      String instance = location(error.getInstanceLocation());
      String keywordLocation = location(error.getKeywordLocation());
      List<String> above = selfAndAncestors(instance);
      hasFailureBelow.addAll(above.subList(1, above.size()));
      if (!APPLICATORS.contains(lastSegment(keywordLocation))) {
        hasOtherKeywordFailure.add(instance);
      }
      List<String> outer = selfAndAncestors(keywordLocation);
      outer
          .subList(1, outer.size())
          .forEach(applicator -> hasInnerFailure.add(instance + '\0' + applicator));
      if (COMBINATORS.contains(lastSegment(keywordLocation))) {
        combinators.add(keywordLocation);
      }
    }
    List<OutputUnit> leaves = new ArrayList<>();
    for (OutputUnit error : errors) {
      String instance = location(error.getInstanceLocation());
      String keywordLocation = location(error.getKeywordLocation());
      boolean explained =
          APPLICATORS.contains(lastSegment(keywordLocation))
              && (hasFailureBelow.contains(instance)
                  || hasOtherKeywordFailure.contains(instance)
                  || hasInnerFailure.contains(instance + '\0' + keywordLocation));
      List<String> outer = selfAndAncestors(keywordLocation);
      explained |= outer.subList(1, outer.size()).stream().anyMatch(combinators::contains);
      if (!explained) {
        leaves.add(error);
      }
    }
    return leaves;
  }

  /** "/a/b" gives "/a/b", "/a" and "". */
  private static List<String> selfAndAncestors(String pointer) {
    List<String> locations = new ArrayList<>();
    String location = pointer;
    while (true) {
      locations.add(location);
      int slash = location.lastIndexOf('/');
      if (slash < 0) {
        if (!location.isEmpty()) {
          locations.add("");
        }
        return locations;
      }
      location = location.substring(0, slash);
    }
  }

  private static String describe(String keyword, Object rule, OutputUnit error) {
    String fallback = String.valueOf(error.getError());
    if ("required".equals(keyword)) {
      return "required";
    }
    if (rule == null) {
      return fallback;
    }
    return switch (keyword) {
      case "additionalProperties", "unevaluatedProperties" ->
          Boolean.FALSE.equals(rule) ? "not an allowed field" : fallback;
      case "type" ->
          "must be of type "
              + (rule instanceof JsonArray types
                  ? types.stream().map(String::valueOf).collect(Collectors.joining(" or "))
                  : rule);
      case "minLength" -> "at least " + rule + " characters";
      case "maxLength" -> "at most " + rule + " characters";
      case "pattern" -> "must match the pattern " + rule;
      case "format" -> "must be in the format " + rule;
      case "enum" ->
          "one of "
              + (rule instanceof JsonArray values
                  ? values.stream().map(String::valueOf).collect(Collectors.joining(", "))
                  : rule);
      case "const" -> "must be " + rule;
      case "minimum" -> "at least " + rule;
      case "maximum" -> "at most " + rule;
      case "exclusiveMinimum" -> "greater than " + rule;
      case "exclusiveMaximum" -> "less than " + rule;
      case "multipleOf" -> "a multiple of " + rule;
      case "minItems" -> "at least " + rule + " items";
      case "maxItems" -> "at most " + rule + " items";
      case "uniqueItems" -> "items must be unique";
      case "minProperties" -> "at least " + rule + " fields";
      case "maxProperties" -> "at most " + rule + " fields";
      default -> fallback;
    };
  }

  /**
   * The keyword's value in the schema, by its keyword location (null across a $ref or when absent).
   */
  private static Object rule(JsonObject schema, String keywordLocation) {
    Object node = schema;
    for (String segment : location(keywordLocation).split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      String name = segment.replace("~1", "/").replace("~0", "~");
      if (node instanceof JsonObject object) {
        node = object.getValue(name);
      } else if (node instanceof JsonArray array
          && name.matches("\\d{1,9}")
          && Integer.parseInt(name) < array.size()) {
        node = array.getValue(Integer.parseInt(name));
      } else {
        return null;
      }
    }
    return node;
  }

  /** A location as the library writes it ("#/a/b", "#") as a JSON Pointer ("/a/b", ""). */
  private static String location(String location) {
    if (location == null) {
      return "";
    }
    return location.startsWith("#") ? location.substring(1) : location;
  }

  private static String lastSegment(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1);
  }
}
