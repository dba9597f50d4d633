package io.partnerhub;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The docs cannot silently fall behind the code: every setting and every bus address is documented. */
class DocsTest {

  @Test
  void theReadmeConfigurationTableNamesEverySetting() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (Setting setting : Setting.values()) {
      assertThat(readme).as(setting.key()).contains("`" + setting.key() + "`");
    }
  }

  @Test
  void theEventBusDocNamesEveryAddress() throws IOException {
    String doc = Files.readString(Path.of("docs/event-bus.md"));
    for (Endpoint<?, ?> endpoint : PartnerHub.ENDPOINTS) {
      assertThat(doc).as(endpoint.address()).contains(endpoint.address());
    }
  }
}
