package io.partnerhub.mail;

import com.github.mustachejava.Mustache;
import io.partnerhub.cache.LruMap;
import io.partnerhub.configuration.ReservedCategory;
import io.partnerhub.configuration.ReservedKey;
import io.partnerhub.mail.StrictMustache.Part;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The templates of each {@link MailKind}: a subject, an HTML and a text part. The built-ins are
 * src/main/resources/mail/&lt;kind&gt;.{subject,html,text}.mustache; a tenant overrides a kind in
 * configuration category {@value #CATEGORY_NAME}, key = the kind, value {@code {subject, html,
 * text}}, checked when saved ({@link StrictMustache}: unknown variables, unescaped values and links
 * of its own are refused). Rendered at send time. One instance per dispatcher (one event loop).
 */
public final class MailTemplates {
  public static final String CATEGORY_NAME = "mail-templates";
  private static final int MAX_SUBJECT = 500;
  private static final int MAX_BODY = 20_000;

  /** What a mail says, ready to send. */
  record Rendered(String subject, String html, String text) {}

  /** The configuration category of template overrides: one key per mail kind. */
  public static final ReservedCategory CATEGORY = category();

  private final Map<String, Mustache> compiled = new LruMap<>(256);

  private static ReservedCategory category() {
    JsonObject schema =
        new JsonObject()
            .put("type", "object")
            .put("required", List.of("subject", "html", "text"))
            .put("additionalProperties", false)
            .put(
                "properties",
                new JsonObject()
                    .put("subject", text(MAX_SUBJECT))
                    .put("html", text(MAX_BODY))
                    .put("text", text(MAX_BODY)));
    Map<String, ReservedKey> keys = new LinkedHashMap<>();
    for (MailKind kind : MailKind.all()) {
      keys.put(
          kind.name(),
          new ReservedKey("json", schema, builtIn(kind), value -> problem(kind, value)));
    }
    return new ReservedCategory(CATEGORY_NAME, keys);
  }

  private static JsonObject text(int max) {
    return new JsonObject().put("type", "string").put("minLength", 1).put("maxLength", max);
  }

  /** The kind's templates as shipped; every one compiles, or the service does not start. */
  static JsonObject builtIn(MailKind kind) {
    JsonObject template = new JsonObject();
    for (Part part : Part.values()) {
      String key = key(part);
      template.put(key, resource("mail/" + kind.name() + "." + key + ".mustache"));
    }
    String problem = problem(kind, template);
    if (problem != null) {
      throw new IllegalStateException("Built-in mail template " + kind.name() + ": " + problem);
    }
    return template;
  }

  /** What is wrong with a template object for {@code kind}, or null. */
  private static String problem(MailKind kind, Object value) {
    if (!(value instanceof JsonObject template)) {
      return "an object {subject, html, text}";
    }
    List<String> problems = new ArrayList<>();
    for (Part part : Part.values()) {
      String source = template.getString(key(part));
      if (source == null) {
        continue; // the schema says it is required
      }
      try {
        StrictMustache.compile(source, part, kind.templateVariables(), kind.name());
      } catch (IllegalArgumentException e) {
        problems.add(key(part) + ": " + e.getMessage());
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  /**
   * Renders {@code template} (the tenant's effective value of the kind's key) with {@code values};
   * the subject is one line.
   */
  Rendered render(MailKind kind, JsonObject template, Map<String, String> values) {
    return new Rendered(
        subject(kind, template, values),
        part(kind, template, Part.HTML, values),
        part(kind, template, Part.TEXT, values));
  }

  /**
   * The subject alone, one line: what an in-app notification shows as its title ({@code values}
   * with {@link MailKind#ORGANIZATION_NAME}).
   */
  public String subject(MailKind kind, JsonObject template, Map<String, String> values) {
    return MailHeaders.line(part(kind, template, Part.SUBJECT, values), MailHeaders.MAX_SUBJECT);
  }

  private String part(MailKind kind, JsonObject template, Part part, Map<String, String> values) {
    String source = template.getString(key(part));
    Mustache mustache =
        compiled.computeIfAbsent(
            part + "\u0000" + kind.name() + "\u0000" + source,
            cacheKey ->
                StrictMustache.compile(source, part, kind.templateVariables(), kind.name()));
    return StrictMustache.render(mustache, values);
  }

  private static String key(Part part) {
    return part.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String resource(String path) {
    try (InputStream in = MailTemplates.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing mail template " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
