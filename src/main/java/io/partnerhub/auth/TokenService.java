package io.partnerhub.auth;

import io.partnerhub.cache.LruMap;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Ids;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies access tokens: HS256 only, with a configured key, and iss, aud, iat, nbf and
 * exp required. A token only names a session ({@code jti}); what the user may do lives in that
 * session. Only tokens shaped like the ones issued here pass: a header other than
 * {"alg":"HS256","typ":"JWT"} (another alg, a kid, jku or jwk) is refused before the JWT library
 * sees it, so no header can steer how the token is verified. Verified tokens are remembered for up
 * to a minute (never past their exp), so a client's repeated requests skip the HMAC and JSON
 * parsing; revocation is unaffected because the session is still looked up on every request. One
 * instance belongs to one verticle instance (its event loop).
 */
public final class TokenService {
  private static final String ALGORITHM = "HS256";
  private static final Set<String> HEADER_FIELDS = Set.of("alg", "typ");
  private static final long REMEMBER_SECONDS = 60;
  private static final int REMEMBERED_TOKENS = 10_000;
  private final JWTAuth jwt;
  private final Map<String, Verified> remembered = new LruMap<>(REMEMBERED_TOKENS);
  private final String issuer;
  private final String audience;
  private final long ttlSeconds;

  public TokenService(Vertx vertx, String secret, String issuer, String audience, long ttlSeconds) {
    this.issuer = issuer;
    this.audience = audience;
    this.ttlSeconds = ttlSeconds;
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
                .setJWTOptions(
                    new JWTOptions()
                        .setAlgorithm(ALGORITHM)
                        .setIssuer(issuer)
                        .addAudience(audience)));
  }

  public static TokenService fromConfig(Vertx vertx, Settings config) {
    return new TokenService(
        vertx,
        config.require(Setting.JWT_SECRET),
        config.require(Setting.JWT_ISSUER),
        config.require(Setting.JWT_AUDIENCE),
        config.integer(Setting.JWT_TTL_SECONDS));
  }

  public record IssuedToken(String token, String sessionId, Instant expiresAt) {}

  /** The verified identity in a token. */
  public record TokenClaims(String sessionId, UUID userId, UUID organizationId) {}

  public IssuedToken issue(UUID userId, UUID organizationId) {
    String sessionId = UUID.randomUUID().toString();
    long now = Instant.now().getEpochSecond();
    Instant expiresAt = Instant.ofEpochSecond(now + ttlSeconds);
    String token =
        jwt.generateToken(
            new JsonObject()
                .put("jti", sessionId)
                .put("org", organizationId.toString())
                .put("iat", now)
                .put("nbf", now)
                .put("exp", expiresAt.getEpochSecond()),
            new JWTOptions()
                .setAlgorithm(ALGORITHM)
                .setIssuer(issuer)
                .addAudience(audience)
                .setSubject(userId.toString())
                .setNoTimestamp(true));
    return new IssuedToken(token, sessionId, expiresAt);
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  /**
   * A verified token's claims and the epoch second until which they may be reused without
   * verifying.
   */
  private record Verified(TokenClaims claims, long reuseUntil) {}

  /**
   * Verifies header, signature, iss, aud, exp, iat and nbf, and requires numeric exp, iat and nbf,
   * and jti, sub and org: else UNAUTHENTICATED.
   */
  public Future<TokenClaims> verify(String token) {
    long now = Instant.now().getEpochSecond();
    Verified known = remembered.get(token);
    if (known != null && now < known.reuseUntil()) {
      return Future.succeededFuture(known.claims());
    }
    Future<User> verified;
    try {
      verified =
          hasOurHeader(token)
              ? jwt.authenticate(new TokenCredentials(token))
              : Future.failedFuture(invalid());
    } catch (RuntimeException malformedClaim) {
      // the library throws rather than fails on some malformed claims (a string exp): still a bad
      // token
      verified = Future.failedFuture(invalid());
    }
    return verified
        .recover(failure -> Future.failedFuture(invalid()))
        .map(
            user -> {
              JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
              if (!(claims.getValue("exp") instanceof Number exp)
                  || !(claims.getValue("iat") instanceof Number)
                  || !(claims.getValue("nbf") instanceof Number)
                  || !(claims.getValue("jti") instanceof String)) {
                throw invalid();
              }
              UUID userId = Ids.parse(claims.getValue("sub") instanceof String sub ? sub : null);
              UUID organizationId =
                  Ids.parse(claims.getValue("org") instanceof String org ? org : null);
              if (userId == null || organizationId == null) {
                throw invalid();
              }
              TokenClaims identity =
                  new TokenClaims(claims.getString("jti"), userId, organizationId);
              remembered.put(
                  token, new Verified(identity, Math.min(exp.longValue(), now + REMEMBER_SECONDS)));
              return identity;
            });
  }

  /**
   * The header must be exactly what {@link #issue} writes: alg HS256, typ JWT if present, nothing
   * else.
   */
  private static boolean hasOurHeader(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      JsonObject header =
          new JsonObject(
              new String(
                  Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
      return ALGORITHM.equals(header.getValue("alg"))
          && HEADER_FIELDS.containsAll(header.fieldNames())
          && (!header.containsKey("typ") || "JWT".equals(header.getValue("typ")));
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  static ServiceException invalid() {
    return new ServiceException(FailureCode.UNAUTHENTICATED, "Invalid or expired token");
  }
}
