/*
 * Open-loop HTTP/1.1 load at a constant rate, in C so the generator costs the shared cores little:
 * request i is due at start + i / RATE whether or not earlier ones have answered, waits for a free
 * keep-alive connection if all are busy, and its latency is measured from its due time
 * (coordinated-omission corrected). The first WARMUP seconds are sent but not recorded.
 * PATH, and the body BENCH_BODY (sent with BENCH_METHOD, default GET, as JSON), are templates: per
 * request, "{id}" becomes a random line of the file named by BENCH_IDS, "{n}" the request's number,
 * "{slot}" that number modulo 50, and "{run}" a number drawn once per run (so that values meant to be
 * new are new in every run). TOKEN "-" sends no Authorization header.
 * BENCH_TIMELINE names a file to write, per 10 ms of due time, the wall-clock start of that slice,
 * the requests due in it and their worst latency: where in time the tail comes from.
 *
 * Usage: openloop HOST PORT PATH TOKEN RATE SECONDS CONNECTIONS WARMUP
 * Prints: p50_ms p99_ms p999_ms errors sent
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>

#include "monotonic.h"
#include <unistd.h>

#define BUFFER 65536

struct conn {
  int fd;
  int busy;
  long long due;   /* ns: when the request in flight was due */
  long long index; /* which request is in flight */
  char in[BUFFER];
  int have;
};

static int open_conn(const char *host, int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, host, &addr.sin_addr);
  if (connect(fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
    perror("connect");
    exit(1);
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

/* A complete response at the start of c->in: its length, or 0 while incomplete. Status in *status. */
static int response_length(struct conn *c, int *status) {
  c->in[c->have] = 0;
  char *end = strstr(c->in, "\r\n\r\n");
  if (end == NULL) {
    return 0;
  }
  *status = atoi(c->in + 9);
  char *cl = strcasestr(c->in, "\r\ncontent-length:");
  int body = cl != NULL && cl < end ? atoi(cl + 17) : 0;
  int total = (int) (end + 4 - c->in) + body;
  return c->have >= total ? total : 0;
}

/* TEMPLATE with {id}, {n}, {slot} and {run} filled in, into OUT; returns the length written. */
static int expand(const char *template, char *out, size_t capacity, long long n, const char *id, long run) {
  size_t length = 0;
  for (const char *at = template; *at != 0 && length + 1 < capacity;) {
    char value[64];
    const char *fill = NULL;
    size_t skip = 0;
    if (strncmp(at, "{id}", 4) == 0) {
      fill = id, skip = 4;
    } else if (strncmp(at, "{n}", 3) == 0) {
      snprintf(value, sizeof value, "%lld", n), fill = value, skip = 3;
    } else if (strncmp(at, "{slot}", 6) == 0) {
      snprintf(value, sizeof value, "%lld", n % 50), fill = value, skip = 6;
    } else if (strncmp(at, "{run}", 5) == 0) {
      snprintf(value, sizeof value, "%ld", run), fill = value, skip = 5;
    }
    if (fill == NULL) {
      out[length++] = *at++;
      continue;
    }
    length += (size_t) snprintf(out + length, capacity - length, "%s", fill);
    length = length < capacity ? length : capacity - 1;
    at += skip;
  }
  out[length] = 0;
  return (int) length;
}

int main(int argc, char **argv) {
  if (argc != 9) {
    fprintf(stderr, "usage: openloop HOST PORT PATH TOKEN RATE SECONDS CONNECTIONS WARMUP\n");
    return 2;
  }
  const char *host = argv[1];
  int port = atoi(argv[2]);
  double rate = atof(argv[5]);
  int seconds = atoi(argv[6]), connections = atoi(argv[7]), warmup = atoi(argv[8]);
  const char *method = getenv("BENCH_METHOD") != NULL ? getenv("BENCH_METHOD") : "GET";
  const char *body_template = getenv("BENCH_BODY");
  char **ids = NULL;
  int id_count = 0;
  if (strstr(argv[3], "{id}") != NULL || (body_template != NULL && strstr(body_template, "{id}") != NULL)) {
    FILE *file = fopen(getenv("BENCH_IDS"), "r");
    char line[128];
    while (file != NULL && fgets(line, sizeof line, file) != NULL) {
      line[strcspn(line, "\r\n")] = 0;
      ids = realloc(ids, sizeof(char *) * (id_count + 1));
      ids[id_count++] = strdup(line);
    }
    if (id_count == 0) {
      fprintf(stderr, "no ids in BENCH_IDS\n");
      return 2;
    }
  }
  long run = (long) (now_ns() % 1000000000LL);
  char authorization[4096] = "";
  if (strcmp(argv[4], "-") != 0) {
    snprintf(authorization, sizeof authorization, "Authorization: Bearer %s\r\n", argv[4]);
  }
  char request[12288];
  long long unrecorded = (long long) (rate * warmup), total = unrecorded + (long long) (rate * seconds);
  double interval = 1e9 / rate;
  long long *latencies = calloc(total, sizeof(long long));
  long long slices = (long long) (seconds + warmup) * 100 + 1;
  long long *slice_worst = calloc(slices, sizeof(long long)), *slice_count = calloc(slices, sizeof(long long));
  struct timespec wall_start;
  clock_gettime(CLOCK_REALTIME, &wall_start);
  struct conn *conns = calloc(connections, sizeof(struct conn));
  int epoll = epoll_create1(0);
  for (int i = 0; i < connections; i++) {
    conns[i].fd = open_conn(host, port);
    struct epoll_event event = {.events = EPOLLIN, .data.u32 = (unsigned) i};
    epoll_ctl(epoll, EPOLL_CTL_ADD, conns[i].fd, &event);
  }
  long long start = now_ns(), next = 0, done = 0, recorded = 0, errors = 0;
  struct epoll_event events[256];
  while (done < total) {
    long long now = now_ns();
    /* send every due request that has a free connection, oldest first */
    for (int i = 0; i < connections && next < total && start + (long long) (next * interval) <= now; i++) {
      if (!conns[i].busy) {
        conns[i].busy = 1;
        conns[i].due = start + (long long) (next * interval);
        conns[i].index = next++;
        conns[i].have = 0;
        char path[2048], body[4096];
        const char *id = id_count > 0 ? ids[rand() % id_count] : "";
        expand(argv[3], path, sizeof path, conns[i].index, id, run);
        int request_length;
        if (body_template != NULL) {
          int body_length = expand(body_template, body, sizeof body, conns[i].index, id, run);
          request_length = snprintf(request, sizeof request, "%s %s HTTP/1.1\r\nHost: %s:%d\r\n%s"
              "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", method, path, host, port,
              authorization, body_length, body);
        } else {
          request_length = snprintf(request, sizeof request, "%s %s HTTP/1.1\r\nHost: %s:%d\r\n%s\r\n", method,
              path, host, port, authorization);
        }
        if (write(conns[i].fd, request, request_length) != request_length) {
          perror("write");
          return 1;
        }
      }
    }
    /* sleep until the next request is due (to the nanosecond: no spinning, no millisecond batches) */
    long long wait_ns = next < total ? start + (long long) (next * interval) - now_ns() : 100000000LL;
    int idle = 0;
    for (int i = 0; i < connections; i++) {
      idle |= !conns[i].busy;
    }
    struct timespec timeout = {.tv_sec = wait_ns <= 0 ? 0 : wait_ns / 1000000000LL,
                               .tv_nsec = wait_ns <= 0 ? 0 : wait_ns % 1000000000LL};
    /* a request is due but every connection is busy: block until one answers */
    int ready = epoll_pwait2(epoll, events, 256, wait_ns <= 0 && !idle ? NULL : &timeout, NULL);
    for (int e = 0; e < ready; e++) {
      struct conn *c = &conns[events[e].data.u32];
      ssize_t n = read(c->fd, c->in + c->have, BUFFER - 1 - c->have);
      if (n <= 0) {
        fprintf(stderr, "connection closed\n");
        return 1;
      }
      c->have += (int) n;
      int status;
      int length = response_length(c, &status);
      if (length > 0 && c->busy) {
        if (c->index >= unrecorded) {
          long long latency = now_ns() - c->due, slice = (c->due - start) / 10000000LL;
          latencies[recorded++] = latency;
          slice_count[slice]++;
          slice_worst[slice] = latency > slice_worst[slice] ? latency : slice_worst[slice];
          errors += status >= 400;
        }
        c->busy = 0;
        done++;
      }
    }
  }
  const char *timeline_path = getenv("BENCH_TIMELINE");
  FILE *timeline = timeline_path != NULL ? fopen(timeline_path, "w") : NULL;
  for (long long i = 0; timeline != NULL && i < slices; i++) {
    if (slice_count[i] > 0) {
      double at = wall_start.tv_sec + wall_start.tv_nsec / 1e9 + i / 100.0;
      fprintf(timeline, "%.2f %lld %.2f\n", at, slice_count[i], slice_worst[i] / 1e6);
    }
  }
  if (timeline != NULL) {
    fclose(timeline);
  }
  qsort(latencies, recorded, sizeof(long long), cmp);
  printf("%.2f %.2f %.2f %lld %lld\n", latencies[(long long) (recorded * 0.50)] / 1e6,
      latencies[(long long) (recorded * 0.99)] / 1e6, latencies[(long long) (recorded * 0.999)] / 1e6, errors, recorded);
  return 0;
}
