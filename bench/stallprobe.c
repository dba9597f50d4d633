/*
 * The machine's own stall floor: sleeps 1 ms at a time for SECONDS and counts the wake-ups that came
 * more than 2 ms late. On a quiet machine there are none; whatever stalls this probe also stalls the
 * service, so a scenario's tail cannot be shorter than what is seen here.
 *
 * Usage: stallprobe SECONDS
 * Prints: late_wakeups worst_ms period_ms (period: median gap between late wake-ups, 0 if fewer than 3)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "monotonic.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: stallprobe SECONDS\n");
    return 2;
  }
  long long end = now_ns() + atoll(argv[1]) * 1000000000LL, worst = 0;
  long long late_at[100000];
  int late = 0;
  struct timespec one_ms = {0, 1000000};
  while (now_ns() < end) {
    long long before = now_ns();
    nanosleep(&one_ms, NULL);
    long long after = now_ns(), overslept = after - before - 1000000;
    if (overslept > 2000000 && late < 100000) {
      late_at[late++] = after;
      worst = overslept > worst ? overslept : worst;
    }
  }
  long long period = 0;
  if (late >= 3) {
    for (int i = 0; i + 1 < late; i++) {
      late_at[i] = late_at[i + 1] - late_at[i];
    }
    qsort(late_at, late - 1, sizeof(long long), cmp);
    period = late_at[(late - 1) / 2];
  }
  printf("%d %.2f %.0f\n", late, worst / 1e6, period / 1e6);
  return 0;
}
