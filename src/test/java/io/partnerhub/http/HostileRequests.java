package io.partnerhub.http;

import io.partnerhub.kernel.Jsons;
import io.partnerhub.openapi.OpenApi;
import io.partnerhub.settings.Setting;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates hostile requests against one documented operation: a request that is valid except for
 * one attack, in the body, a path parameter, a query parameter or a header. Bodies start from the
 * schema's required properties with plausible values (so the attack, not a missing field, is what
 * the server meets), and the attacked property or parameter is chosen among those the document
 * declares.
 */
final class HostileRequests {
  /**
   * What a request needs from the tenant under attack: ids for path parameters, auth, plausible
   * values.
   */
  interface Target {
    String pathValue(ApiOperation operation, String parameter);

    Map<String, String> authHeaders(ApiOperation operation);

    /**
     * A plausible value for a body property or query parameter, or null to fall back on its schema.
     */
    Object example(String schemaName, String property);
  }

  /**
   * One request and what is certain about it: {@code mustBeRejected} when no reading of the
   * contract lets it succeed (malformed JSON, a value of a type the schema excludes, NUL, invalid
   * UTF-8, a bad escape, an unknown property, a garbage If-Match where the operation takes one...).
   * Otherwise it may succeed.
   */
  record HostileRequest(
      String attack,
      ApiOperation operation,
      String target,
      Map<String, String> headers,
      byte[] body,
      boolean mustBeRejected) {
    @Override
    public String toString() {
      String shownBody =
          body == null ? "" : " body " + abbreviate(new String(body, StandardCharsets.UTF_8));
      return attack
          + (mustBeRejected ? " (must be rejected)" : "")
          + " on "
          + operation
          + ": "
          + abbreviate(target)
          + " headers "
          + abbreviate(headers.toString())
          + shownBody;
    }

    private static String abbreviate(String text) {
      String visible = text.replace("\u0000", "\\0");
      return visible.length() <= 300
          ? visible
          : visible.substring(0, 300) + "…(" + visible.length() + " chars)";
    }
  }

  private static final int MAX_DEPTH = Integer.parseInt(Setting.JSON_MAX_DEPTH.defaultValue());

  /** Text no server should choke on, whatever it does with it. */
  static final List<String> STRINGS =
      List.of(
          "",
          " ",
          "\u0000",
          "a\u0000b",
          "\u202eevil\u202c",
          "😀👍🏽",
          "\u200b",
          "\ufeffbom",
          "e\u0301",
          "\uffff",
          "' OR '1'='1",
          "'; DROP TABLE partners; --",
          "\"; --",
          "$..*",
          "$.a[?(@.b=='c')]",
          "%",
          "_",
          "%_%",
          "\\",
          "\\\\'",
          "\\u0000",
          "{{7*7}}",
          "${jndi:ldap://x/a}",
          "../../etc/passwd",
          "<script>alert(1)</script>",
          "null",
          "true",
          "-1",
          "1e400",
          "NaN",
          "x".repeat(300),
          "é".repeat(3000),
          "x".repeat(5000),
          "x".repeat(100_000),
          "1-1-1-1-1",
          "00000000-0000-0000-0000-0000000000001",
          "0000000000000000000000000000000a",
          "{00000000-0000-0000-0000-000000000001}",
          "urn:uuid:00000000-0000-0000-0000-000000000001",
          " 00000000-0000-0000-0000-000000000001",
          "+0000000-0000-0000-0000-000000000001",
          "00000000-0000-0000-0000-00000000000g");

  /**
   * JSON values as written by a client, not by a JSON library: big numbers, escapes, depth within
   * the limit, every type.
   */
  static final List<String> RAW_VALUES =
      List.of(
          "1234567890123456789012345678901234567890",
          "9.99e307",
          "1e-308",
          "-0",
          "123456789012345678.123456789",
          "\"\\ud83d\\ude00\"",
          nested("[", "]", MAX_DEPTH - 1),
          nested("{\"a\":", "}", MAX_DEPTH - 1),
          "123",
          "1.5",
          "true",
          "null",
          "[]",
          "[1,\"a\",null]",
          "{}",
          "{\"$where\":\"1\"}",
          "\"text\"",
          "{\"a\":[{\"b\":\"\\u0000\"}]}");

  /**
   * JSON values no body may hold: nested past PARTNERHUB_JSON_MAX_DEPTH (a property's value starts
   * at level 2), numbers beyond 1e308 or with more than 308 decimals, duplicate keys.
   */
  static final List<String> OUT_OF_BOUNDS_VALUES =
      List.of(
          nested("[", "]", MAX_DEPTH),
          nested("{\"a\":", "}", MAX_DEPTH),
          nested("{\"a\":", "}", 900),
          nested("{\"a\":", "}", 990),
          nested("[", "]", 999),
          nested("[", "]", 10_000),
          nested("{\"a\":", "}", 9_000),
          "1e100000000",
          "-1e-100000000",
          "1e400000",
          "1e309",
          "-2e308",
          "1e400",
          "-1e400",
          "1e-400",
          "1E+2147483647",
          "0.1e-999999999",
          "[1,1e400]",
          "{\"a\":1e400}",
          "{\"a\":1,\"a\":2}",
          "{\"a\":{\"b\":1,\"b\":1}}",
          "[{\"a\":1,\"a\":1}]");

  /** Escapes that decode to text no one can store as sent: NUL and unpaired surrogates. */
  static final List<String> UNSTORABLE_ESCAPES =
      List.of("\"\\ud800\"", "\"\\udfffx\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ude00\\ud83d\"");

  /**
   * String contents that are not UTF-8 (overlong, encoded surrogate, bytes FF FE, beyond U+10FFFF)
   * or hold a raw NUL.
   */
  static final List<byte[]> INVALID_UTF8 =
      List.of(
          latin1("\u00c0\u00af"),
          latin1("\u00ed\u00a0\u0080"),
          latin1("\u00ff\u00fe"),
          latin1("\u00f4\u0090\u0080\u0080"),
          latin1("caf\u00e9"),
          latin1("a\u0000b"));

  /** Bodies that are not JSON, or not only JSON. */
  static final List<byte[]> MALFORMED =
      List.of(
          utf8(""),
          utf8(" "),
          utf8("{"),
          utf8("}"),
          utf8("{\"a\":}"),
          utf8("{\"a\" 1}"),
          utf8("{'a':1}"),
          utf8("{a:1}"),
          utf8("{\"a\":1,}"),
          utf8("[1,]"),
          utf8("{\"a\":1} {\"b\":2}"),
          utf8("{\"a\":1}garbage"),
          utf8("/* c */{}"),
          utf8("\ufeff{}"),
          utf8("{\"a\":NaN}"),
          utf8("{\"a\":Infinity}"),
          utf8("{\"a\":01}"),
          utf8("{\"a\":.5}"),
          utf8("{\"a\":\"\\x41\"}"),
          utf8("{\"a\":\"unterminated}"),
          utf8("nul"),
          utf8("\u0000"),
          latin1("\u00ff\u00fe{\u0000}\u0000"),
          "{}".getBytes(StandardCharsets.UTF_16),
          utf8("[]"),
          utf8("\"text\""),
          utf8("42"),
          utf8("null"),
          utf8(nested("[", "]", 10_000)),
          utf8(nested("{\"a\":", "}", 9_000)),
          utf8("// c\n{}"),
          utf8("{} // c"),
          utf8("{/* c */}"),
          utf8("# c\n{}"),
          utf8("{}{}"),
          utf8("{}[]"),
          utf8("{}x"),
          utf8("{\"a\":1,\"a\":1}"),
          utf8(nested("{\"a\":", "}", MAX_DEPTH + 1)));

  /**
   * A valid body made not only JSON: trailing garbage, a second value, comments, a key given twice.
   * The first value alone would pass, so only a strict parser refuses these.
   */
  static final List<java.util.function.UnaryOperator<String>> NOT_ONLY_JSON =
      List.of(
          body -> body + "xyz",
          body -> body + " " + body,
          body -> body + "{}",
          body -> body + "]",
          body -> body + "null",
          body -> "/* c */" + body,
          body -> "// c\n" + body,
          body -> body + "// c",
          body -> body.replaceFirst("}$", "/* c */}"),
          HostileRequests::withFirstMemberTwice);

  /**
   * Path and query pieces sent as they are: bad escapes, raw bytes, traversal, an overlong line.
   */
  static final List<String> RAW_URL_PIECES =
      List.of(
          "%",
          "%Z",
          "%ZZ",
          "%00",
          "%2e%2e",
          "..",
          ".",
          "a%2Fb",
          "a/b",
          "%C0%AF",
          "%ED%A0%80",
          "%FF",
          "%F4%90%80%80",
          "'",
          "\"",
          "<>",
          "é",
          "%%",
          "%25",
          "a;b",
          "a?b",
          "$..*",
          "_",
          "%5C",
          "\\",
          "%27%3B--",
          "x".repeat(5000),
          "%u0041",
          "+",
          "&",
          "=");

  static final List<String> IF_MATCH =
      List.of(
          "abc",
          "\"\"",
          "W/",
          "*",
          "\"1\", \"2\"",
          "99999999999",
          "-1",
          "\"1e3\"",
          "W/\"x\"",
          "' OR 1=1 --",
          "\"" + "9".repeat(5000) + "\"",
          "١٢٣",
          "\"0\"",
          "W/\"-1\"");

  static final List<String> IDEMPOTENCY_KEYS =
      List.of(
          "",
          " ",
          "x".repeat(256),
          "x".repeat(5000),
          "é".repeat(100),
          "'; DROP TABLE users; --",
          "$..*",
          "%00");

  static final List<String> CONTENT_TYPES =
      List.of(
          "text/plain",
          "application/json; charset=utf-16",
          "application/jsonp",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "",
          "application/json;;;",
          "APPLICATION/JSON",
          "*/*");

  static final List<String> REQUEST_IDS =
      List.of("", "x".repeat(65), "../../", "a b", "é", "<script>", "\u0000");

  static final List<String> AUTHORIZATIONS =
      List.of(
          "Bearer",
          "Bearer ",
          "Bearer x.y.z",
          "Bearer " + "A".repeat(5000),
          "Basic YTpi",
          "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
          "Bearer ' OR 1=1 --");

  private static final String MARKER = "hostile-value-marker";
  private static final int BODY_LIMIT =
      Integer.parseInt(Setting.HTTP_BODY_LIMIT_BYTES.defaultValue());

  private final List<ApiOperation> operations;
  private final Target tenant;

  HostileRequests(List<ApiOperation> operations, Target tenant) {
    this.operations = operations;
    this.tenant = tenant;
  }

  /** Any operation, any attack. */
  Arbitrary<HostileRequest> any() {
    return Arbitraries.of(operations).flatMap(this::against);
  }

  /**
   * Mostly the body where the operation takes one (it reaches deepest), else mostly its parameters.
   */
  Arbitrary<HostileRequest> against(ApiOperation operation) {
    boolean takesBody = operation.bodySchema() != null;
    List<Tuple.Tuple2<Integer, Arbitrary<HostileRequest>>> attacks =
        new ArrayList<>(
            List.of(
                Tuple.of(takesBody ? 6 : 1, bodyAttacks(operation)),
                Tuple.of(2, queryAttacks(operation)),
                Tuple.of(1, headerAttacks(operation))));
    if (!operation.parameters("path").isEmpty()) {
      attacks.add(Tuple.of(2, pathAttacks(operation)));
    }
    return frequencyOf(attacks);
  }

  @SuppressWarnings("unchecked")
  private static Arbitrary<HostileRequest> frequencyOf(
      List<Tuple.Tuple2<Integer, Arbitrary<HostileRequest>>> attacks) {
    return Arbitraries.frequencyOf(attacks.toArray(Tuple.Tuple2[]::new));
  }

  // ------------------------------------------------------------------ body

  /**
   * A hostile JSON value as raw bytes, and whether no schema position of its kind could accept it.
   */
  private record Value(byte[] json, boolean unacceptable) {}

  private Arbitrary<HostileRequest> bodyAttacks(ApiOperation operation) {
    String target = target(operation, Map.of());
    boolean takesBody = operation.bodySchema() != null;
    Arbitrary<HostileRequest> malformed =
        Arbitraries.of(MALFORMED)
            .map(body -> request("malformed body", operation, target, body, takesBody));
    if (!takesBody) {
      return malformed; // a body the operation does not take
    }
    JsonObject properties = operation.bodySchema().getJsonObject("properties");
    Arbitrary<Value> values =
        Arbitraries.oneOf(
            strings()
                .map(
                    text ->
                        new Value(
                            utf8(new JsonArray().add(text).encode().replaceAll("^\\[|]$", "")),
                            text.indexOf('\u0000') >= 0)),
            Arbitraries.of(RAW_VALUES).map(json -> new Value(utf8(json), false)),
            Arbitraries.of(OUT_OF_BOUNDS_VALUES).map(json -> new Value(utf8(json), true)),
            Arbitraries.of(UNSTORABLE_ESCAPES).map(json -> new Value(utf8(json), true)),
            Arbitraries.of(INVALID_UTF8)
                .map(content -> new Value(concat(utf8("\""), content, utf8("\"")), true)));
    Arbitrary<HostileRequest> hostileValue =
        Combinators.combine(Arbitraries.of(List.copyOf(properties.fieldNames())), values)
            .as(
                (name, value) ->
                    request(
                        "value of " + name,
                        operation,
                        target,
                        body(operation, name, value.json()),
                        value.unacceptable()
                            || excluded(properties.getJsonObject(name), value.json())));
    boolean closed = Boolean.FALSE.equals(operation.bodySchema().getValue("additionalProperties"));
    Arbitrary<HostileRequest> unknownProperty =
        Arbitraries.of(
                "organizationId",
                "__proto__",
                "$where",
                "",
                "\u0000",
                "id",
                "version",
                "a".repeat(1000))
            .map(
                name ->
                    request(
                        "unknown property",
                        operation,
                        target,
                        utf8(base(operation).put(name, "x").encode()),
                        closed));
    Arbitrary<HostileRequest> truncated =
        Arbitraries.integers()
            .between(0, 99)
            .map(
                percent -> {
                  byte[] whole = utf8(base(operation).encode());
                  return request(
                      "truncated body",
                      operation,
                      target,
                      Arrays.copyOf(whole, whole.length * percent / 100),
                      true);
                });
    Arbitrary<HostileRequest> notOnlyJson =
        Arbitraries.of(NOT_ONLY_JSON)
            .map(
                spoil ->
                    request(
                        "not only JSON",
                        operation,
                        target,
                        utf8(spoil.apply(base(operation).encode())),
                        true));
    List<Tuple.Tuple2<Integer, Arbitrary<HostileRequest>>> attacks =
        new ArrayList<>(
            List.of(
                Tuple.of(1, malformed),
                Tuple.of(6, hostileValue),
                Tuple.of(1, unknownProperty),
                Tuple.of(1, truncated),
                Tuple.of(1, notOnlyJson)));
    List<String> required = required(operation);
    if (!required.isEmpty()) {
      attacks.add(
          Tuple.of(
              1,
              Arbitraries.of(required)
                  .map(
                      name -> {
                        JsonObject body = base(operation);
                        body.remove(name);
                        return request(
                            "missing " + name, operation, target, utf8(body.encode()), true);
                      })));
    }
    return frequencyOf(attacks);
  }

  /**
   * True when the property's schema certainly refuses the value: JSON that does not parse, a type
   * it does not list, a string outside its length bounds or enum. Numbers against "integer" are
   * left undecided.
   */
  private static boolean excluded(JsonObject schema, byte[] json) {
    Object value;
    try {
      value = Jsons.decode(json);
    } catch (IllegalArgumentException e) {
      return true;
    }
    String type =
        value == null
            ? "null"
            : value instanceof String
                ? "string"
                : value instanceof Boolean
                    ? "boolean"
                    : value instanceof JsonArray
                        ? "array"
                        : value instanceof JsonObject ? "object" : "number";
    Object declared = schema.getValue("type");
    List<Object> types =
        declared instanceof JsonArray list
            ? list.getList()
            : declared == null ? null : List.of(declared);
    if (types != null
        && !types.contains(type)
        && !(type.equals("number") && types.contains("integer"))) {
      return true;
    }
    if (schema.containsKey("enum") && !schema.getJsonArray("enum").contains(value)) {
      return true;
    }
    if (value instanceof String text) {
      int length = text.codePointCount(0, text.length());
      return length < schema.getInteger("minLength", 0)
          || length > schema.getInteger("maxLength", Integer.MAX_VALUE);
    }
    return false;
  }

  private static List<String> required(ApiOperation operation) {
    return operation.bodySchema().getJsonArray("required", new JsonArray()).stream()
        .map(String.class::cast)
        .toList();
  }

  /** The schema's required properties with plausible values. */
  JsonObject base(ApiOperation operation) {
    JsonObject body = new JsonObject();
    JsonObject properties = operation.bodySchema().getJsonObject("properties");
    for (String name : required(operation)) {
      body.put(name, value(operation.bodySchemaName(), name, properties.getJsonObject(name)));
    }
    Object extra = tenant.example(operation.bodySchemaName(), "*");
    if (extra instanceof JsonObject extras) {
      body.mergeIn(extras);
    }
    return body;
  }

  private Object value(String schemaName, String property, JsonObject schema) {
    Object example = tenant.example(schemaName, property);
    if (example != null) {
      return example;
    }
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    Object type = schema.getValue("type");
    String first = type instanceof JsonArray types ? types.getString(0) : (String) type;
    return switch (first == null ? "string" : first) {
      case "number", "integer" -> 1;
      case "boolean" -> true;
      case "array" -> new JsonArray();
      case "object" -> new JsonObject();
      default -> "x".repeat(Math.max(1, schema.getInteger("minLength", 1)));
    };
  }

  /** The base body with {@code property} set to the raw JSON value bytes. */
  private byte[] body(ApiOperation operation, String property, byte[] rawValue) {
    String encoded = base(operation).put(property, MARKER).encode();
    int at = encoded.indexOf("\"" + MARKER + "\"");
    return concat(
        utf8(encoded.substring(0, at)),
        rawValue,
        utf8(encoded.substring(at + MARKER.length() + 2)));
  }

  // ------------------------------------------------------------------ path, query, headers

  private Arbitrary<HostileRequest> pathAttacks(ApiOperation operation) {
    Arbitrary<String> parameter =
        Arbitraries.of(
            operation.parameters("path").stream().map(ApiOperation.Parameter::name).toList());
    return Combinators.combine(parameter, urlPieces())
        .as(
            (name, piece) ->
                request(
                    "path " + name,
                    operation,
                    target(operation, Map.of(name, piece)),
                    baseBody(operation),
                    !decodable(piece)
                        || name.equals("id") && !makesAnotherUrl(piece) && !isUuid(piece)));
  }

  private Arbitrary<HostileRequest> queryAttacks(ApiOperation operation) {
    List<String> names =
        new ArrayList<>(
            operation.parameters("query").stream().map(ApiOperation.Parameter::name).toList());
    names.add("unknown");
    Arbitrary<String> query =
        Combinators.combine(Arbitraries.of(names), urlPieces(), Arbitraries.of(false, true))
            .as(
                (name, piece, twice) ->
                    name + "=" + piece + (twice ? "&" + name + "=" + piece : ""));
    Arbitrary<String> garbage =
        Arbitraries.of(
            "&&&",
            "=",
            "a",
            "%",
            "limit=1&limit=2",
            "cursor[]=x",
            ";",
            "=x",
            "&=&",
            "limit=99999999999999999999",
            "limit=-1",
            "limit=0x10",
            "limit=%20%205",
            "limit=1e400",
            "limit=%D9%A5");
    boolean paged =
        operation.parameters("query").stream()
            .anyMatch(parameter -> parameter.name().equals("limit"));
    return Arbitraries.oneOf(query, garbage)
        .map(
            extra -> {
              String target = target(operation, Map.of());
              boolean badLimit =
                  paged && extra.matches("limit=(99999999999999999999|-1|0x10|%20%205|1e400)");
              return request(
                  "query",
                  operation,
                  target + (target.contains("?") ? "&" : "?") + extra,
                  baseBody(operation),
                  !decodable(extra) || badLimit);
            });
  }

  private Arbitrary<HostileRequest> headerAttacks(ApiOperation operation) {
    boolean takesBody = operation.bodySchema() != null;
    List<Arbitrary<Map.Entry<String, String>>> headers =
        new ArrayList<>(
            List.of(
                Arbitraries.of(IF_MATCH).map(value -> Map.entry("If-Match", value)),
                Arbitraries.of(IDEMPOTENCY_KEYS).map(value -> Map.entry("Idempotency-Key", value)),
                Arbitraries.of(CONTENT_TYPES).map(value -> Map.entry("Content-Type", value)),
                Arbitraries.of(REQUEST_IDS).map(value -> Map.entry("X-Request-Id", value))));
    if (operation.auth() == ApiOperation.Auth.BEARER) {
      headers.add(Arbitraries.of(AUTHORIZATIONS).map(value -> Map.entry("Authorization", value)));
    }
    return Arbitraries.oneOf(headers)
        .map(
            header -> {
              Map<String, String> all = new LinkedHashMap<>(tenant.authHeaders(operation));
              if (takesBody) {
                all.put("Content-Type", "application/json");
              }
              all.put(header.getKey(), header.getValue());
              String value = header.getValue();
              boolean certain =
                  switch (header.getKey()) {
                    case "If-Match" -> operation.hasHeader("If-Match");
                    case "Idempotency-Key" ->
                        operation.hasHeader("Idempotency-Key")
                            && (value.isBlank() || value.length() > 255);
                    case "Content-Type" ->
                        takesBody && !value.toLowerCase(Locale.ROOT).startsWith("application/json");
                    case "Authorization" -> true;
                    default -> false;
                  };
              return new HostileRequest(
                  "header " + header.getKey(),
                  operation,
                  target(operation, Map.of()),
                  all,
                  baseBody(operation),
                  certain);
            });
  }

  /** Hostile text, percent-encoded (so it arrives intact) or raw. */
  private static Arbitrary<String> urlPieces() {
    return Arbitraries.oneOf(
        strings().map(HostileRequests::encode), Arbitraries.of(RAW_URL_PIECES));
  }

  private static Arbitrary<String> strings() {
    return Arbitraries.oneOf(Arbitraries.of(STRINGS), Arbitraries.strings().all().ofMaxLength(40));
  }

  /**
   * False for a bad % escape or an escaped NUL: no server can take such a path or query as meant.
   */
  private static boolean decodable(String piece) {
    try {
      return URLDecoder.decode(piece.replace("+", "%2B"), StandardCharsets.UTF_8).indexOf('\u0000')
          < 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * An empty or dot segment is no id at all: the path normalizes to another URL ("/opportunities/"
   * and "/opportunities/." are the list), which may well succeed.
   */
  private static boolean makesAnotherUrl(String piece) {
    String decoded =
        decodable(piece)
            ? URLDecoder.decode(piece.replace("+", "%2B"), StandardCharsets.UTF_8)
            : piece;
    return decoded.isEmpty() || decoded.equals(".") || decoded.equals("..");
  }

  private static boolean isUuid(String piece) {
    return URLDecoder.decode(piece.replace("+", "%2B"), StandardCharsets.UTF_8)
        .matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }

  // ------------------------------------------------------------------ building blocks

  private byte[] baseBody(ApiOperation operation) {
    return operation.bodySchema() == null ? null : utf8(base(operation).encode());
  }

  /**
   * /api/v1 + the path with its parameters filled in ({@code replaced} as given, the others from
   * the tenant).
   */
  private String target(ApiOperation operation, Map<String, String> replaced) {
    String path = operation.path();
    for (ApiOperation.Parameter parameter : operation.parameters("path")) {
      String value =
          replaced.containsKey(parameter.name())
              ? replaced.get(parameter.name())
              : encode(tenant.pathValue(operation, parameter.name()));
      path = path.replace("{" + parameter.name() + "}", value);
    }
    List<String> query = new ArrayList<>();
    for (ApiOperation.Parameter parameter : operation.parameters("query")) {
      if (parameter.required()) {
        query.add(
            parameter.name()
                + "="
                + encode(String.valueOf(tenant.example(null, parameter.name()))));
      }
    }
    return OpenApi.PREFIX + path + (query.isEmpty() ? "" : "?" + String.join("&", query));
  }

  /**
   * A request with the operation's auth; any body over the limit must be refused whatever it holds.
   */
  private HostileRequest request(
      String attack, ApiOperation operation, String target, byte[] body, boolean mustBeRejected) {
    Map<String, String> headers = new LinkedHashMap<>(tenant.authHeaders(operation));
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    boolean tooLarge = body != null && body.length > BODY_LIMIT;
    return new HostileRequest(attack, operation, target, headers, body, mustBeRejected || tooLarge);
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Characters U+0000 to U+00FF as single bytes: how the lists above spell invalid UTF-8. */
  private static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** The body with its first member written twice ({"a":1,"a":1,...}); {} becomes {"a":1,"a":1}. */
  private static String withFirstMemberTwice(String body) {
    JsonObject object = new JsonObject(body);
    Map.Entry<String, Object> first =
        object.isEmpty() ? Map.<String, Object>entry("a", 1) : object.iterator().next();
    String member = new JsonObject().put(first.getKey(), first.getValue()).encode();
    member = member.substring(1, member.length() - 1);
    return "{" + member + "," + (object.isEmpty() ? member + "}" : body.substring(1));
  }

  static String nested(String open, String close, int depth) {
    return open.repeat(depth) + "1" + close.repeat(depth);
  }
}
