package io.partnerhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnerhub.support.TestApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api-tour.md runs as written: each {@code sh} block with bash (curl and jq) against the test
 * app, in one set of variables carried from block to block, and the {@code http} block after it is
 * the answer it must print. How an answer is compared is stated at the top of the tour itself.
 */
class ApiTourTest {
  private static final Path TOUR = Path.of("docs/api-tour.md");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final String ANY = "…";
  private static final long EVENTUALLY_MS = 10_000;

  /** One shell block of the tour and the answer shown after it (null: it must print nothing). */
  record Step(String script, boolean eventually, String answer) {}

  @Test
  void theTourRunsAsWritten(@TempDir Path dir) throws Exception {
    List<Step> steps = steps(Files.readString(TOUR));
    assertThat(steps).as("steps of the tour").hasSizeGreaterThanOrEqualTo(15);
    List<String> missing = Stream.of("bash", "curl", "jq").filter(tool -> !onPath(tool)).toList();
    // a developer's machine may lack them (the README's test command needs only a JDK and Maven);
    // CI may not
    if (System.getenv("CI") != null) {
      assertThat(missing).as("tools the tour runs with").isEmpty();
    }
    assumeTrue(missing.isEmpty(), "the API tour runs with bash, curl and jq; missing: " + missing);
    Map<String, String> variables = new HashMap<>(System.getenv());
    variables.put("BASE", TestApp.baseUrl());
    variables.put("PLATFORM_KEY", TestApp.PLATFORM_KEY);
    variables.put("TENANT", "tour-" + UUID.randomUUID().toString().substring(0, 8));
    for (Step step : steps) {
      variables = run(step, variables, dir);
    }
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, tool)));
  }

  /**
   * The fenced blocks of the tour: only {@code sh} steps, each followed by at most one {@code http}
   * answer.
   */
  private static List<Step> steps(String markdown) {
    List<Step> steps = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith("```")) {
        continue;
      }
      String info = lines[i].substring(3).trim();
      StringBuilder body = new StringBuilder();
      while (!lines[++i].startsWith("```")) {
        body.append(lines[i]).append('\n');
      }
      switch (info) {
        case "sh", "sh eventually" ->
            steps.add(new Step(body.toString(), info.endsWith("eventually"), null));
        case "http" -> {
          assertThat(steps).as("an http block follows a sh block").isNotEmpty();
          Step last = steps.remove(steps.size() - 1);
          assertThat(last.answer()).as("one answer per step, after:\n" + last.script()).isNull();
          steps.add(new Step(last.script(), last.eventually(), body.toString()));
        }
        default -> fail("the tour holds only sh and http blocks, not ```" + info);
      }
    }
    return steps;
  }

  private static Map<String, String> run(Step step, Map<String, String> variables, Path dir)
      throws Exception {
    long deadline = System.currentTimeMillis() + (step.eventually() ? EVENTUALLY_MS : 0);
    while (true) {
      Path state = dir.resolve("variables");
      // allexport: every variable the block sets reaches the next block through the environment
      String script = "set -a -euo pipefail\n" + step.script() + "env -0 > \"$TOUR_STATE\"\n";
      Path errors = dir.resolve("stderr");
      ProcessBuilder bash =
          new ProcessBuilder("bash", "-c", script)
              .directory(dir.toFile())
              .redirectError(errors.toFile());
      bash.environment().clear();
      bash.environment().putAll(variables);
      bash.environment().put("TOUR_STATE", state.toString());
      Process process = bash.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String failure =
          process.exitValue() != 0
              ? "exit " + process.exitValue() + ": " + Files.readString(errors)
              : mismatch(step, out);
      if (failure == null) {
        return environment(Files.readString(state));
      }
      if (System.currentTimeMillis() > deadline) {
        fail("Tour step\n" + step.script() + failure + "\nprinted:\n" + out);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private static Map<String, String> environment(String nulSeparated) {
    Map<String, String> environment = new HashMap<>();
    for (String entry : nulSeparated.split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        environment.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    environment.remove("TOUR_STATE");
    return environment;
  }

  /** Why the printed answer is not the documented one, or null when it is. */
  private static String mismatch(Step step, String printed) throws IOException {
    if (step.answer() == null) {
      return printed.isEmpty() ? null : "printed something, but the tour shows no answer";
    }
    String[] shown = step.answer().split("\n\n", 2);
    String[] got = printed.replace("\r\n", "\n").split("\n\n", 2);
    List<String> shownHead = List.of(shown[0].strip().split("\n"));
    List<String> gotHead = List.of(got[0].strip().split("\n"));
    if (!shownHead.get(0).equals(gotHead.get(0))) {
      return "status " + gotHead.get(0) + ", the tour shows " + shownHead.get(0);
    }
    for (String header : shownHead.subList(1, shownHead.size())) {
      if (gotHead.stream().noneMatch(line -> sameHeader(line, header))) {
        return "no header " + header;
      }
    }
    String shownBody = shown.length > 1 ? shown[1].strip() : "";
    String gotBody = got.length > 1 ? got[1].strip() : "";
    if (shownBody.isEmpty() || gotBody.isEmpty()) {
      return shownBody.equals(gotBody) ? null : "body " + gotBody + ", the tour shows " + shownBody;
    }
    return mismatch("", JSON.readTree(shownBody), JSON.readTree(gotBody));
  }

  private static boolean sameHeader(String line, String shown) {
    int colon = shown.indexOf(':');
    return line.regionMatches(true, 0, shown, 0, colon + 1)
        && line.substring(colon + 1).strip().equals(shown.substring(colon + 1).strip());
  }

  /** Objects show a subset of the fields, arrays every element, and "…" any value but null. */
  private static String mismatch(String at, JsonNode shown, JsonNode got) {
    if (shown.isTextual() && shown.textValue().equals(ANY)) {
      return got.isNull() ? at + " is null, the tour shows a value" : null;
    }
    if (shown.isObject() && got.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = shown.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!got.has(field.getKey())) {
          return at + "/" + field.getKey() + " is missing";
        }
        String inner =
            mismatch(at + "/" + field.getKey(), field.getValue(), got.get(field.getKey()));
        if (inner != null) {
          return inner;
        }
      }
      return null;
    }
    if (shown.isArray() && got.isArray() && shown.size() == got.size()) {
      for (int i = 0; i < shown.size(); i++) {
        String inner = mismatch(at + "/" + i, shown.get(i), got.get(i));
        if (inner != null) {
          return inner;
        }
      }
      return null;
    }
    boolean equal =
        shown.isNumber() && got.isNumber()
            ? shown.decimalValue().compareTo(got.decimalValue()) == 0
            : shown.equals(got);
    return equal
        ? null
        : (at.isEmpty() ? "the body" : at) + " is " + got + ", the tour shows " + shown;
  }
}
