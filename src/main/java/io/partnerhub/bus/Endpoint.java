package io.partnerhub.bus;

/**
 * One request/reply address of the public event-bus API: its request and reply types and the
 * permission a {@link TenantContext} must hold to call it ({@code null} for requests made without a
 * tenant, such as login). The HTTP layer and the service consumer read the same definition, so they
 * cannot disagree.
 */
public record Endpoint<Q, R>(
    String address, Class<Q> requestType, Class<R> replyType, String permission) {

  public static <Q, R> Endpoint<Q, R> of(
      String address, Class<Q> requestType, Class<R> replyType, String permission) {
    return new Endpoint<>(address, requestType, replyType, permission);
  }

  public boolean isTenantScoped() {
    return permission != null;
  }
}
