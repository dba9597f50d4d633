package io.partnerhub.settings;

/**
 * Every configuration setting: its name (the same in conf/config.json, the environment and system
 * properties), its default and what it means. The README's configuration table is this list.
 */
public enum Setting {
  HTTP_HOST("0.0.0.0", "interface the HTTP server binds"),
  HTTP_PORT("8080", "HTTP port (0 = any free port, logged)"),
  HTTP_INSTANCES("0", "HTTP verticle instances (0 = one per core)"),
  HTTP_BODY_LIMIT_BYTES("65536", "largest request body accepted; larger gets 413"),
  JSON_MAX_DEPTH(
      "32",
      "deepest nesting of objects and arrays in a JSON body or tenant JSON Schema; deeper gets 400"),
  HTTP_READ_TIMEOUT_MS(
      "30000",
      "time a client has to send a request's headers, and then its body; too slow: closed (408 for the body)"),
  HTTP_IDLE_TIMEOUT_SECONDS(
      "60", "a connection with no bytes read or written for this long is closed"),
  SERVICE_INSTANCES("1", "instances of each service verticle"),
  SERVICE_THREADING(
      "event-loop",
      "how service verticles run: event-loop (non-blocking, the default) or worker (on Vert.x worker threads)"),
  BUS_TIMEOUT_MS("5000", "event-bus request timeout; a timed-out request answers 503"),
  SHUTDOWN_GRACE_SECONDS("10", "on SIGTERM, how long in-flight HTTP requests may take to finish"),
  DB_URL(null, "postgresql://user:pass@host:port/db for the app role; unset = embedded PostgreSQL"),
  DB_ADMIN_URL(
      null, "owner role used for migrations; unset = DB_URL (embedded: the embedded superuser)"),
  DB_POOL_SIZE(
      "16",
      "PostgreSQL connections of the node's one pool, shared by every service verticle instance"),
  DB_POOL_WAIT_QUEUE(
      "256", "requests allowed to wait for one of the pool's connections; beyond that 503"),
  DB_APPLICATION_NAME(
      "partnerhub",
      "application_name of the node's PostgreSQL connections (pg_stat_activity) and the name of its pool"),
  REDIS_URL(null, "redis://host:port; unset = embedded Redis"),
  REDIS_POOL_SIZE(
      "16", "connections of the node's one Redis client, shared by the HTTP and service verticles"),
  REDIS_KEY_WATCH(
      "true",
      "remember sessions and cache generations in process while Redis pushes their changes (CLIENT TRACKING); false = ask Redis on every request"),
  DATA_DIR(".partnerhub-data", "where embedded PostgreSQL keeps its data"),
  JWT_SECRET(null, "JWT HS256 signing key, 32+ bytes (required unless embedded dev mode)"),
  CONTEXT_SIGNING_KEY(
      null,
      "Ed25519 private key (PKCS#8 PEM, its base64, or a PEM file path) that signs TenantContexts; HTTP nodes only; unset outside a cluster = a key generated per process"),
  CONTEXT_VERIFY_KEY(
      null,
      "Ed25519 public key (X.509 PEM, its base64, or a PEM file path) every node verifies TenantContexts with; required in a cluster"),
  API_KEY_RATE_LIMIT_PER_MINUTE(
      "600", "requests one API key may make per minute (a fixed window in Redis); beyond: 429"),
  BRIDGE_PORT(
      null,
      "port of the TCP event-bus bridge for API-key clients on HTTP nodes (0 = any free port); unset = no bridge"),
  JWT_ISSUER("partnerhub", "iss claim issued and required"),
  JWT_AUDIENCE("partnerhub-api", "aud claim issued and required"),
  JWT_TTL_SECONDS("3600", "token and session lifetime"),
  PLATFORM_KEY(null, "key for POST /organizations in X-Platform-Key (unset = route disabled)"),
  LOGIN_MAX_FAILURES_PER_ACCOUNT("5", "failed logins per account per window before 429"),
  LOGIN_MAX_FAILURES_PER_IP("50", "failed logins per client IP per window before 429"),
  LOGIN_WINDOW_SECONDS("900", "login throttling window"),
  CACHE_TTL_SECONDS("300", "TTL of cached configuration reads"),
  DASHBOARD_CACHE_TTL_SECONDS("30", "TTL of a cached dashboard (domain events also invalidate it)"),
  EXPIRY_INTERVAL_SECONDS(
      "60",
      "how often lapsed deal registrations are expired (0 = never; reads show them expired anyway)"),
  REMINDER_INTERVAL_SECONDS(
      "60",
      "how often the reminder job looks for protection periods about to end and overdue reviews"
          + " (0 = never)"),
  EVENTS_RETENTION_DAYS(
      "30", "domain events older than this are purged from the outbox and the event feed"),
  EVENTS_POLL_MS(
      "1000",
      "how often the event relay and durable consumers look for events when no notification woke them"),
  JOBS(
      "true",
      "this node takes part in once-per-cluster jobs (event relay, durable consumers, expiry sweep, purge) under leases; false = never"),
  ARGON2_MEMORY_KIB("19456", "Argon2id memory cost (OWASP: 19 MiB)"),
  ARGON2_ITERATIONS("2", "Argon2id time cost"),
  ARGON2_PARALLELISM("1", "Argon2id lanes"),
  ARGON2_WORKERS("2", "worker threads for password hashing"),
  CLUSTER(
      "false",
      "true to join a Hazelcast cluster (needs DB_URL and REDIS_URL: nothing is embedded)"),
  NODE_ROLES("http,services", "what this node runs: http, services, or both"),
  CLUSTER_NAME("partnerhub", "Hazelcast cluster name"),
  CLUSTER_SECRET(
      null,
      "shared secret: nodes with another secret form another cluster and never see these services"),
  CLUSTER_MEMBERS("127.0.0.1", "comma-separated host[:port] list of members to join by TCP-IP"),
  CLUSTER_KUBERNETES_SERVICE(
      null, "join through the Kubernetes API with this service name instead of CLUSTER_MEMBERS"),
  CLUSTER_HOST(
      "127.0.0.1",
      "address (or host name, e.g. a container's) Hazelcast and the event bus bind and advertise"),
  CLUSTER_PORT("5701", "Hazelcast port (the next free one is taken when busy)"),
  BUS_PORT("0", "event-bus TCP port (0 = any free port)"),
  BUS_TLS_CERT(
      null,
      "PEM certificate of this node for TLS on the event bus (with BUS_TLS_KEY and BUS_TLS_CA)"),
  BUS_TLS_KEY(null, "PEM private key for TLS on the event bus"),
  WEBHOOKS_ALLOW_PRIVATE(
      "false",
      "true lets webhooks use plain http and loopback or private addresses (development and tests only)"),
  WEBHOOKS_TIMEOUT_MS(
      "10000", "time a webhook receiver has to answer an attempt; longer counts as a failure"),
  WEBHOOKS_RETRY_BASE_MS(
      "10000",
      "delay before a failed webhook delivery's first retry; each later one waits 3 times longer (with jitter)"),
  WEBHOOKS_RETRY_MAX_DELAY_MS("43200000", "longest wait between two attempts of a delivery (12 h)"),
  WEBHOOKS_MAX_ATTEMPTS(
      "14", "attempts of one delivery before it is given up as failed (about three days)"),
  WEBHOOKS_DISABLE_AFTER_SECONDS(
      "259200",
      "an endpoint whose deliveries have failed without a success for this long is disabled (3 days)"),
  WEBHOOKS_ROTATION_GRACE_SECONDS(
      "86400", "how long a rotated-out webhook secret still signs deliveries (24 h)"),
  WEBHOOKS_DISPATCH(
      "true", "false = this node queues webhook deliveries but sends none (other nodes send them)"),
  WEBHOOKS_POLL_MS("1000", "how often each node looks for due webhook deliveries"),
  WEBHOOKS_MAX_PAYLOAD_BYTES(
      "262144", "largest webhook body; an event above it is sent without its data"),
  BUS_TLS_CA(
      null, "PEM certificate(s) trusted on the event bus; peers must present one (mutual TLS)"),
  SMTP_URL(
      null,
      "smtp://user:pass@host:587?starttls=required (or optional, disabled) or smtps://user:pass@host:465; unset = embedded SMTP server that captures mail (dev mode)"),
  MAIL_FROM(
      "partnerhub@localhost",
      "sender address of every mail; the display name is the tenant's name"),
  PUBLIC_URL(
      "http://localhost:8080",
      "base URL of the console that links in mail point to (https in production); no link points elsewhere"),
  MAIL_DISPATCH("true", "false = this node queues mail but sends none (other nodes send it)"),
  MAIL_POLL_MS(
      "1000", "how often the mail dispatcher looks for due mail when no notification woke it"),
  MAIL_TIMEOUT_MS(
      "30000", "time one SMTP conversation may take; longer counts as a failed attempt"),
  MAIL_RETRY_BASE_MS(
      "30000",
      "delay before a failed mail's first retry; each later one waits 3 times longer (with jitter)"),
  MAIL_RETRY_MAX_DELAY_MS("3600000", "longest wait between two attempts of a mail (1 h)"),
  MAIL_MAX_ATTEMPTS(
      "8", "attempts of one mail before it is marked dead (a dead letter admins may resend)"),
  INVITATIONS_MAX_PER_ADDRESS(
      "5", "invitations (new or resent) to one address per tenant per window; beyond: 429"),
  INVITATIONS_MAX_PER_INVITER("100", "invitations one user may send per window; beyond: 429"),
  RESET_MAX_PER_ACCOUNT(
      "3", "password-reset requests per account (subdomain + e-mail) per window; beyond: 429"),
  RESET_MAX_PER_IP("30", "password-reset requests per client address per window; beyond: 429"),
  APPLICATIONS_MAX_PER_IP(
      "5", "partner applications per client address per tenant per window; beyond: 429"),
  SELF_SERVICE_WINDOW_SECONDS(
      "3600", "window of the invitation, password-reset and application limits"),
  MAIL_RETENTION_DAYS(
      "30",
      "sent mail rows (their dedupe keys) older than this are purged; never less than the events' retention");

  private final String defaultValue;
  private final String description;

  Setting(String defaultValue, String description) {
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The name in config.json, the environment and system properties. */
  public String key() {
    return "PARTNERHUB_" + name();
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
