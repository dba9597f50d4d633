package io.partnerhub.bus;

/** A bus request made on behalf of a user of a tenant. */
public interface TenantRequest {
  TenantContext context();
}
