package io.partnerhub.auth;

import io.partnerhub.bus.FailureCode;
import io.partnerhub.config.AppConfig;
import io.partnerhub.config.Setting;
import io.partnerhub.bus.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Issues and verifies access tokens: HS256 only, with a configured key, and iss, aud and exp required.
 * A token only names a session ({@code jti}); what the user may do lives in that session.
 * Verified tokens are remembered for up to a minute (never past their exp), so a client's repeated
 * requests skip the HMAC and JSON parsing; revocation is unaffected because the session is still looked
 * up on every request. One instance belongs to one verticle instance (its event loop).
 */
public final class TokenService {
  private static final String ALGORITHM = "HS256";
  private static final long REMEMBER_SECONDS = 60;
  private static final int REMEMBERED_TOKENS = 10_000;
  private final JWTAuth jwt;
  private final Map<String, Verified> verified = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
      return size() > REMEMBERED_TOKENS;
    }
  };
  private final String issuer;
  private final String audience;
  private final long ttlSeconds;

  public TokenService(Vertx vertx, String secret, String issuer, String audience, long ttlSeconds) {
    this.issuer = issuer;
    this.audience = audience;
    this.ttlSeconds = ttlSeconds;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
        .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(issuer).addAudience(audience)));
  }

  public static TokenService fromConfig(Vertx vertx, AppConfig config) {
    return new TokenService(vertx, config.require(Setting.JWT_SECRET), config.require(Setting.JWT_ISSUER),
        config.require(Setting.JWT_AUDIENCE), config.integer(Setting.JWT_TTL_SECONDS));
  }

  public record IssuedToken(String token, String sessionId, Instant expiresAt) {
  }

  /** The verified identity in a token. */
  public record TokenClaims(String sessionId, UUID userId, UUID organizationId) {
  }

  public IssuedToken issue(UUID userId, UUID organizationId) {
    String sessionId = UUID.randomUUID().toString();
    Instant expiresAt = Instant.now().plusSeconds(ttlSeconds);
    String token = jwt.generateToken(
        new JsonObject().put("jti", sessionId).put("org", organizationId.toString()),
        new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(issuer).addAudience(audience)
            .setSubject(userId.toString()).setExpiresInSeconds((int) ttlSeconds));
    return new IssuedToken(token, sessionId, expiresAt);
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  /** A verified token's claims and the epoch second until which they may be reused without verifying. */
  private record Verified(TokenClaims claims, long reuseUntil) {
  }

  /** Verifies signature, iss, aud and expiry, and requires exp, jti, sub and org: else UNAUTHENTICATED. */
  public Future<TokenClaims> verify(String token) {
    long now = Instant.now().getEpochSecond();
    Verified known = verified.get(token);
    if (known != null && now < known.reuseUntil()) {
      return Future.succeededFuture(known.claims());
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(failure -> Future.failedFuture(invalid()))
        .map(user -> {
          JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
          if (!(claims.getValue("exp") instanceof Number exp) || claims.getString("jti") == null) {
            throw invalid();
          }
          TokenClaims identity;
          try {
            identity = new TokenClaims(claims.getString("jti"), UUID.fromString(claims.getString("sub")),
                UUID.fromString(claims.getString("org")));
          } catch (RuntimeException malformed) {
            throw invalid();
          }
          verified.put(token, new Verified(identity, Math.min(exp.longValue(), now + REMEMBER_SECONDS)));
          return identity;
        });
  }

  static ServiceException invalid() {
    return new ServiceException(FailureCode.UNAUTHENTICATED, "Invalid or expired token");
  }
}
