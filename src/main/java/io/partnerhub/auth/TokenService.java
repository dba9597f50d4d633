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
import java.util.UUID;

/**
 * Issues and verifies access tokens: HS256 only, with a configured key, and iss, aud and exp required.
 * A token only names a session ({@code jti}); what the user may do lives in that session.
 */
public final class TokenService {
  private static final String ALGORITHM = "HS256";
  private final JWTAuth jwt;
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

  /** Verifies signature, iss, aud and expiry, and requires exp, jti, sub and org: else UNAUTHENTICATED. */
  public Future<TokenClaims> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .recover(failure -> Future.failedFuture(invalid()))
        .map(user -> {
          JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
          if (!(claims.getValue("exp") instanceof Number) || claims.getString("jti") == null) {
            throw invalid();
          }
          try {
            return new TokenClaims(claims.getString("jti"), UUID.fromString(claims.getString("sub")),
                UUID.fromString(claims.getString("org")));
          } catch (RuntimeException malformed) {
            throw invalid();
          }
        });
  }

  static ServiceException invalid() {
    return new ServiceException(FailureCode.UNAUTHENTICATED, "Invalid or expired token");
  }
}
