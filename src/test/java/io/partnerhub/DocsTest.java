package io.partnerhub;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.consumer.Contract;
import io.partnerhub.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The docs cannot silently fall behind the code: the settings table is the list of settings, the
 * event-bus address list is the list of endpoints, and the README shows the command line's own
 * help. (The API tour is run by {@link ApiTourTest}.)
 */
class DocsTest {
  private static final Pattern SETTING_ROW =
      Pattern.compile("(?m)^\\| `(PARTNERHUB_[A-Z0-9_]+)` \\| ([^|]+) \\|");
  private static final Pattern ADDRESS_ROW =
      Pattern.compile("(?m)^\\| `(partnerhub\\.[a-z.-]+)` \\| ([^|]+) \\| ([^|]+) \\|");
  private static final Pattern ADDRESS_HEADING = Pattern.compile("(?m)^### (partnerhub\\.\\S+)$");
  private static final Pattern ADDRESS_MENTION =
      Pattern.compile("(?<![\\w.])partnerhub(\\.[a-z][a-z-]*){2,}");

  /** The address the consumer example answers on: not an endpoint of PartnerHub's. */
  private static final String EXAMPLE_ADDRESS = "partnerhub.examples.won-deals.count";

  @Test
  void theConfigurationTableIsTheListOfSettingsWithTheirDefaults() throws IOException {
    Map<String, String> documented = rows(SETTING_ROW, read("docs/configuration.md"));
    Map<String, String> settings =
        Arrays.stream(Setting.values())
            .collect(
                Collectors.toMap(
                    Setting::key,
                    setting ->
                        setting.defaultValue() == null
                            ? "unset"
                            : "`" + setting.defaultValue() + "`"));
    assertThat(documented).as("settings table of docs/configuration.md").isEqualTo(settings);
  }

  @Test
  void theEventBusAddressListIsTheEndpointList() throws IOException {
    String doc = read("docs/event-bus.md");
    Map<String, Endpoint<?, ?>> endpoints =
        Contract.ENDPOINTS.stream()
            .collect(Collectors.toMap(Endpoint::address, Function.identity()));

    String addresses = section(doc, "## Addresses");
    Matcher row = ADDRESS_ROW.matcher(addresses);
    while (row.find()) {
      Endpoint<?, ?> endpoint = endpoints.get(row.group(1));
      assertThat(endpoint).as("address %s of the list is an endpoint", row.group(1)).isNotNull();
      assertThat(row.group(2).strip())
          .as(row.group(1))
          .startsWith(
              "`"
                  + typeName(endpoint.requestType())
                  + "` → `"
                  + typeName(endpoint.replyType())
                  + "`");
      assertThat(row.group(3).strip())
          .as(row.group(1))
          .startsWith("`" + endpoint.permission() + "`");
    }
    assertThat(rows(ADDRESS_ROW, addresses).keySet())
        .as("address list of docs/event-bus.md")
        .isEqualTo(endpoints.keySet());
    assertThat(rows(ADDRESS_HEADING, addresses).keySet())
        .as("a section per address")
        .isEqualTo(endpoints.keySet());

    Matcher mention = ADDRESS_MENTION.matcher(doc);
    while (mention.find()) {
      String address = mention.group();
      if (!address.startsWith(DomainEvent.ADDRESS_PREFIX) && !address.equals(EXAMPLE_ADDRESS)) {
        assertThat(endpoints).as("docs/event-bus.md names %s", address).containsKey(address);
      }
    }
  }

  @Test
  void theReadmeShowsTheCommandLinesOwnHelp() throws IOException {
    String usage = new CommandLine(new Main()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(read("README.md")).contains(usage.strip());
  }

  private static Map<String, String> rows(Pattern pattern, String text) {
    Map<String, String> rows = new HashMap<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      assertThat(
              rows.put(matcher.group(1), matcher.groupCount() > 1 ? matcher.group(2).strip() : ""))
          .as("%s listed once", matcher.group(1))
          .isNull();
    }
    return rows;
  }

  /** From a level-2 heading to the next one. */
  private static String section(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading + "\n");
    assertThat(start).as(heading).isNotNegative();
    int end = markdown.indexOf("\n## ", start + heading.length() + 2);
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }

  private static String typeName(Class<?> type) {
    return type.getEnclosingClass() == null
        ? type.getSimpleName()
        : type.getEnclosingClass().getSimpleName() + "." + type.getSimpleName();
  }

  private static String read(String path) throws IOException {
    return Files.readString(Path.of(path));
  }
}
