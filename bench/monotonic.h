/* What the C tools in bench/ share: a monotonic clock in nanoseconds, and a comparator for qsort. */
#ifndef BENCH_MONOTONIC_H
#define BENCH_MONOTONIC_H
#include <time.h>

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  long long x = *(const long long *) a, y = *(const long long *) b;
  return x < y ? -1 : x > y;
}
#endif
