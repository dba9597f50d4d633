import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a constant rate: requests are scheduled at fixed intervals whether or not earlier
 * ones have answered, and each latency is measured from its scheduled time (coordinated-omission
 * corrected). Requests wait for one of CONNECTIONS pooled connections, like a real client fleet, and
 * that wait counts in the latency. The first WARMUP seconds run at the same rate but are not recorded.
 * With RATE "peak" it runs closed-loop instead (each connection sends again as soon as it is answered)
 * and prints the rate this generator reaches: the peak that "70% of peak" is taken from, measured with
 * the generator's own CPU cost on the shared cores.
 * A "{id}" in URL is replaced per request by a random line of the file named by BENCH_IDS.
 * Usage: java -cp partnerhub.jar:HdrHistogram.jar OpenLoop.java URL TOKEN RATE|peak SECONDS CONNECTIONS [WARMUP]
 * Prints: p50_ms p99_ms p999_ms errors sent   (peak: requests_per_second errors)
 */
public final class OpenLoop {
  private final HttpClient client;
  private final URI uri;
  private final String token;
  private final List<String> ids;

  private OpenLoop(Vertx vertx, URI uri, String token, int connections) throws Exception {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    this.uri = uri;
    this.token = token;
    String idsFile = System.getenv("BENCH_IDS");
    this.ids = uri.getRawPath().contains("%7Bid%7D") && idsFile != null ? Files.readAllLines(Path.of(idsFile)) : null;
  }

  private Future<Integer> send() {
    String path = uri.getRawPath();
    if (ids != null) {
      path = path.replace("%7Bid%7D", ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
    }
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(uri.getPort())
        .setURI(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
        .putHeader("Authorization", "Bearer " + token).setTimeout(30_000);
    return client.request(request).compose(req -> req.send().compose(response -> response.body().map(response.statusCode())));
  }

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0].replace("{id}", "%7Bid%7D"));
    int seconds = Integer.parseInt(args[3]);
    int connections = Integer.parseInt(args[4]);
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    Vertx vertx = Vertx.vertx();
    OpenLoop load = new OpenLoop(vertx, uri, args[1], connections);
    if (args[2].equals("peak")) {
      load.peak(connections, warmup, seconds);
    } else {
      load.constantRate(vertx, Integer.parseInt(args[2]), warmup, seconds);
    }
    System.exit(0);
  }

  private void peak(int connections, int warmup, int seconds) throws InterruptedException {
    AtomicLong answered = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch done = new CountDownLatch(connections);
    for (int i = 0; i < connections; i++) {
      loop(measureFrom, end, answered, errors, done);
    }
    done.await(warmup + seconds + 60L, TimeUnit.SECONDS);
    System.out.printf("%.0f %d%n", answered.get() / (double) seconds, errors.get());
  }

  private void loop(long measureFrom, long end, AtomicLong answered, AtomicLong errors, CountDownLatch done) {
    send().onComplete(result -> {
      long now = System.nanoTime();
      if (now >= measureFrom && now < end) {
        answered.incrementAndGet();
        if (result.failed() || result.result() >= 400) {
          errors.incrementAndGet();
        }
      }
      if (now < end) {
        loop(measureFrom, end, answered, errors, done);
      } else {
        done.countDown();
      }
    });
  }

  private void constantRate(Vertx vertx, int rate, int warmup, int seconds) throws InterruptedException {
    Histogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicLong errors = new AtomicLong();
    long unrecorded = (long) rate * warmup;
    long total = unrecorded + (long) rate * seconds;
    CountDownLatch done = new CountDownLatch((int) total);
    double intervalNanos = 1e9 / rate;
    long start = System.nanoTime();
    AtomicLong next = new AtomicLong();
    vertx.setPeriodic(1, tick -> {
      long now = System.nanoTime();
      while (next.get() < total && start + (long) (next.get() * intervalNanos) <= now) {
        long index = next.getAndIncrement();
        long scheduled = start + (long) (index * intervalNanos);
        send().onComplete(result -> {
          if (index >= unrecorded) {
            if (result.failed() || result.result() >= 400) {
              errors.incrementAndGet();
            }
            latencies.recordValue(Math.max(1, (System.nanoTime() - scheduled) / 1000));
          }
          done.countDown();
        });
      }
    });
    done.await(warmup + seconds + 60L, TimeUnit.SECONDS);
    System.out.printf("%.2f %.2f %.2f %d %d%n", latencies.getValueAtPercentile(50) / 1000.0,
        latencies.getValueAtPercentile(99) / 1000.0, latencies.getValueAtPercentile(99.9) / 1000.0, errors.get(),
        total - unrecorded);
  }
}
