package io.partnerhub.user;

import io.partnerhub.kernel.DomainValue;

/** Whether a user may log in; removing a user makes it inactive (users are never deleted). */
public enum UserStatus implements DomainValue {
  ACTIVE,
  INACTIVE
}
