import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a constant rate: requests are scheduled at fixed intervals whether or not earlier
 * ones have answered, and each latency is measured from its scheduled time (coordinated-omission
 * corrected). Requests wait for one of CONNECTIONS pooled connections, like a real client fleet, and
 * that wait counts in the latency.
 * Usage: java -cp partnerhub.jar:HdrHistogram.jar OpenLoop.java URL TOKEN RATE SECONDS CONNECTIONS
 * Prints: p50_ms p99_ms p999_ms errors sent
 */
public final class OpenLoop {
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    String token = args[1];
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int connections = Integer.parseInt(args[4]);
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(uri.getPort())
        .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
        .putHeader("Authorization", "Bearer " + token).setTimeout(30_000);
    Histogram latencies = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicLong errors = new AtomicLong();
    long total = (long) rate * seconds;
    CountDownLatch done = new CountDownLatch((int) total);
    double intervalNanos = 1e9 / rate;
    long start = System.nanoTime();
    AtomicLong next = new AtomicLong();
    vertx.setPeriodic(1, tick -> {
      long now = System.nanoTime();
      while (next.get() < total && start + (long) (next.get() * intervalNanos) <= now) {
        long scheduled = start + (long) (next.getAndIncrement() * intervalNanos);
        client.request(request)
            .compose(req -> req.send().compose(response -> response.body().map(response.statusCode())))
            .onComplete(result -> {
              if (result.failed() || result.result() >= 400) {
                errors.incrementAndGet();
              }
              latencies.recordValue(Math.max(1, (System.nanoTime() - scheduled) / 1000));
              done.countDown();
            });
      }
    });
    done.await(seconds + 60L, TimeUnit.SECONDS);
    System.out.printf("%.2f %.2f %.2f %d %d%n", latencies.getValueAtPercentile(50) / 1000.0,
        latencies.getValueAtPercentile(99) / 1000.0, latencies.getValueAtPercentile(99.9) / 1000.0, errors.get(), total);
    System.exit(0);
  }
}
