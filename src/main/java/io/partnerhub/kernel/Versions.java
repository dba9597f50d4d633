package io.partnerhub.kernel;

/**
 * The one optimistic-concurrency check: an update names the version it read (If-Match), and loses
 * to any other.
 */
public final class Versions {
  private Versions() {}

  /**
   * PRECONDITION_FAILED when a version was expected and the stored one differs; {@code what} names
   * the entity ("partner"), {@code current} is null when nothing is stored.
   */
  public static void check(String what, Integer current, Integer expected) {
    if (expected != null && !expected.equals(current)) {
      throw new ServiceException(
          FailureCode.PRECONDITION_FAILED,
          "The "
              + what
              + " changed: version "
              + (current == null ? "none" : current)
              + " is current, not "
              + expected);
    }
  }
}
