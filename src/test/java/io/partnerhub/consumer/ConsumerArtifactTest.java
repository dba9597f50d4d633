package io.partnerhub.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The consumer artifact (decision 180) is what pom.xml's {@code consumer} jar execution includes;
 * those classes import only each other and the libraries a consumer has: the JDK, vertx-core,
 * vertx-hazelcast and Jackson. A class that reaches further (a feature's *Api naming a service
 * class, the bus needing the spec) fails here, before a consumer's {@code NoClassDefFoundError}.
 */
class ConsumerArtifactTest {
  private static final List<String> ALLOWED_LIBRARIES =
      List.of(
          "java.",
          "io.vertx.core.",
          "io.vertx.spi.cluster.hazelcast.",
          "com.hazelcast.",
          "com.fasterxml.jackson.");

  private static final Pattern EXECUTION =
      Pattern.compile("<id>consumer</id>(.*?)</execution>", Pattern.DOTALL);
  private static final Pattern INCLUDE = Pattern.compile("<include>([^<]+)</include>");
  private static final Pattern EXCLUDE = Pattern.compile("<exclude>([^<]+)</exclude>");
  private static final Pattern CODE_BLOCK =
      Pattern.compile("```(?:java|xml)\n(.*?)```", Pattern.DOTALL);

  @Test
  void theConsumerClassesImportOnlyEachOtherAndTheAllowedLibraries() throws IOException {
    Predicate<String> inArtifact = artifactContents();
    List<JavaClass> consumer =
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.partnerhub")
                .stream()
                .filter(type -> inArtifact.test(classFile(type)))
                .toList();
    Set<String> outside = new TreeSet<>();
    for (JavaClass type : consumer) {
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass().getBaseComponentType();
        String name = target.getName();
        boolean allowed =
            target.isPrimitive()
                || ALLOWED_LIBRARIES.stream().anyMatch(name::startsWith)
                || (name.startsWith("io.partnerhub.") && inArtifact.test(classFile(target)));
        if (!allowed) {
          outside.add(type.getName() + " -> " + name);
        }
      }
    }
    assertThat(outside).as("consumer classes reaching outside the artifact").isEmpty();
    assertThat(consumer)
        .extracting(JavaClass::getName)
        .as("the contract, the messaging and every feature's Api class")
        .contains(
            Contract.class.getName(),
            ClusterMember.class.getName(),
            "io.partnerhub.bus.ServiceBus",
            "io.partnerhub.bus.DomainEvent",
            "io.partnerhub.kernel.ServiceException",
            "io.partnerhub.partner.PartnerApi",
            "io.partnerhub.user.UserApi$UserView")
        .doesNotContain("io.partnerhub.openapi.OpenApi", "io.partnerhub.service.Serving");
  }

  @Test
  void writingAConsumerShowsTheExampleProjectsOwnCode() throws IOException {
    String docs = Files.readString(Path.of("docs/event-bus.md"));
    int start = docs.indexOf("## Writing a consumer");
    String section = docs.substring(start, docs.indexOf("\n## ", start + 1));
    String example;
    try (Stream<Path> files = Files.walk(Path.of("examples/consumer"))) {
      example =
          files
              .filter(file -> file.toString().endsWith(".java") || file.endsWith("pom.xml"))
              .map(ConsumerArtifactTest::read)
              .collect(Collectors.joining("\n"));
    }
    List<String> blocks =
        CODE_BLOCK.matcher(section).results().map(block -> block.group(1)).toList();
    assertThat(blocks)
        .hasSize(4)
        .allSatisfy(block -> assertThat(block).isNotBlank())
        .allSatisfy(block -> assertThat(example).contains(block.strip()));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The consumer execution's includes minus its excludes, as a test on class-file paths. */
  static Predicate<String> artifactContents() throws IOException {
    Matcher execution = EXECUTION.matcher(Files.readString(Path.of("pom.xml")));
    assertThat(execution.find()).as("pom.xml has the consumer jar execution").isTrue();
    Pattern include = antPatterns(INCLUDE.matcher(execution.group(1)));
    Pattern exclude = antPatterns(EXCLUDE.matcher(execution.group(1)));
    return path -> include.matcher(path).matches() && !exclude.matcher(path).matches();
  }

  /** Ant patterns as one regex. */
  private static Pattern antPatterns(Matcher patterns) {
    String alternatives =
        patterns
            .results()
            .map(found -> antToRegex(found.group(1).trim()))
            .collect(Collectors.joining("|"));
    return Pattern.compile(alternatives.isEmpty() ? "(?!)" : alternatives);
  }

  /** {@code **} any path, {@code *} any part of one name, everything else literally. */
  private static String antToRegex(String ant) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < ant.length(); i++) {
      if (ant.startsWith("**", i)) {
        regex.append(".*");
        i++;
      } else if (ant.charAt(i) == '*') {
        regex.append("[^/]*");
      } else {
        regex.append(Pattern.quote(String.valueOf(ant.charAt(i))));
      }
    }
    return regex.toString();
  }

  private static String classFile(JavaClass type) {
    return type.getName().replace('.', '/') + ".class";
  }
}
