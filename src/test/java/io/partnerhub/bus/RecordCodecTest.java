package io.partnerhub.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.commission.CommissionApi;
import io.partnerhub.configuration.ConfigurationApi;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Patch;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.partner.PartnerApi;
import io.partnerhub.user.Roles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a message looks like after crossing a cluster: encoded to the wire and decoded on another
 * node.
 */
class RecordCodecTest {
  private static final TenantContext CONTEXT =
      new TenantContext(
          UUID.randomUUID(),
          UUID.randomUUID(),
          Roles.ADMIN,
          Roles.permissionsOf(Roles.ADMIN),
          UUID.randomUUID());

  private static <T> T overTheWire(T message) {
    @SuppressWarnings("unchecked")
    RecordCodec<T> codec = new RecordCodec<>((Class<T>) message.getClass());
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, message);
    return codec.decodeFromWire("prefix".length(), wire);
  }

  @Test
  void aTenantRequestArrivesEqualWithItsWholeContext() {
    var request = new ConfigurationApi.ListConfigurations(CONTEXT, "general", 20, "cursor");
    assertThat(overTheWire(request)).isEqualTo(request);
  }

  @Test
  void jsonValuesKeepTheirTypesAndDecimalsTheirScale() {
    JsonObject value =
        new JsonObject()
            .put("rate", new BigDecimal("12.50"))
            .put("tiers", new JsonArray().add("gold"));
    var request =
        new ConfigurationApi.UpsertConfiguration(
            CONTEXT,
            "c",
            "k",
            value,
            new BigDecimal("0.10"),
            "json",
            true,
            new JsonObject().put("type", "object"),
            3);
    var decoded = overTheWire(request);
    assertThat(decoded.value()).isInstanceOf(JsonObject.class);
    assertThat(((JsonObject) decoded.value()).getValue("rate")).isEqualTo(new BigDecimal("12.50"));
    assertThat(decoded.defaultValue()).isEqualTo(new BigDecimal("0.10"));
    assertThat(decoded).isEqualTo(request);
  }

  @Test
  void moneyTravelsAsADecimalStringAndComesBackAsTheSameBigDecimal() {
    var line =
        new CommissionApi.BreakdownLine(
            "flat rate",
            new BigDecimal("9999999999999999.99"),
            new BigDecimal("7.5"),
            new BigDecimal("749999999999999.99925"));
    var preview =
        new CommissionApi.Preview(
            UUID.randomUUID(),
            "gold",
            new BigDecimal("10000"),
            "EUR",
            "2026-01-01",
            new CommissionApi.Breakdown(List.of(line), new BigDecimal("750000000000000.00")));
    Buffer wire = Buffer.buffer();
    new RecordCodec<>(CommissionApi.Preview.class).encodeToWire(wire, preview);
    assertThat(wire.getString(4, wire.length()))
        .contains(
            "\"amount\":\"10000.00\"",
            "\"base\":\"9999999999999999.99\"",
            "\"rate\":7.5",
            "\"commission\":\"749999999999999.99925\"",
            "\"total\":\"750000000000000.00\"");
    var decoded = overTheWire(preview);
    assertThat(decoded.amount()).isEqualByComparingTo("10000");
    assertThat(decoded.breakdown().lines().get(0).base())
        .isEqualTo(new BigDecimal("9999999999999999.99"));
    assertThat(decoded.breakdown().total()).isEqualTo(new BigDecimal("750000000000000.00"));
  }

  @Test
  void repliesWithListsAndInstantsRoundTrip() {
    var configuration =
        new ConfigurationApi.Configuration(
            UUID.randomUUID(),
            "c",
            "k",
            List.of(1, 2),
            null,
            "array",
            false,
            null,
            2,
            Instant.parse("2026-01-02T03:04:05.123456Z"),
            Instant.now(),
            UUID.randomUUID());
    var page = new ConfigurationApi.ConfigurationPage(List.of(configuration), "next");
    assertThat(overTheWire(page)).isEqualTo(page);
  }

  @Test
  void aChangeCrossesAsSentAbsentStaysAbsentAndNullStaysNull() {
    var changes =
        new PartnerApi.PartnerChanges(
            Patch.of("Globex"),
            Patch.absent(),
            Patch.absent(),
            Patch.of(PartnerApi.PartnerStatus.SUSPENDED),
            Patch.absent(),
            Patch.of(null),
            Patch.absent(),
            Patch.absent());
    var request = new PartnerApi.UpdatePartner(CONTEXT, UUID.randomUUID(), changes, 4);
    Buffer wire = Buffer.buffer();
    new RecordCodec<>(PartnerApi.UpdatePartner.class).encodeToWire(wire, request);
    assertThat(wire.getString(4, wire.length()))
        .contains("\"changes\":{\"name\":\"Globex\",\"status\":\"suspended\",\"website\":null}");
    assertThat(overTheWire(request)).isEqualTo(request);
  }

  @Test
  void aMessageTheRecordCannotHoldIsRefusedAsTheSendersError() {
    var codec = new RecordCodec<>(PartnerApi.UpdatePartner.class);
    for (String changes : new String[] {"{\"organizationId\":\"b\"}", "{\"status\":\"Active\"}"}) {
      byte[] json =
          ("{\"changes\":" + changes + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Buffer wire = Buffer.buffer().appendInt(json.length).appendBytes(json);
      assertThat(
              catchThrowableOfType(ServiceException.class, () -> codec.decodeFromWire(0, wire))
                  .code())
          .as(changes)
          .isEqualTo(FailureCode.VALIDATION);
    }
  }
}
