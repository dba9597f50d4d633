package io.partnerhub.user;

import java.util.UUID;

/** A user as shown to clients: never the password hash. */
public record UserView(
    UUID id, UUID organizationId, String email, String role, UserStatus status, UUID partnerId) {}
