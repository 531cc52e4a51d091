package com.example.aftersales.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A load generator for {@code POST /api/cases} (or another JSON POST path), run as a separate process against a
 * running service. JDK only, so it needs no classpath:
 * <pre>
 * java -cp target/test-classes com.example.aftersales.bench.HttpLoad http://localhost:8080 30 4 /api/cases
 * java -cp target/test-classes com.example.aftersales.bench.HttpLoad http://localhost:8080 30 64 /api/cases --rate 1000
 * </pre>
 * Arguments: base URL, seconds to measure (after a warm-up, 10 s unless {@code --warmup S}), clients, path.
 * <ul>
 * <li>Closed loop (default): each client sends its next request when the answer to the last one has come;
 * the latency is that of each request. Gives the sustained maximum throughput.</li>
 * <li>Open loop ({@code --rate N}): requests are due at a fixed rate, N per second, whatever the answers; up to
 * {@code clients} are in flight at once. The latency is measured from when a request was <em>due</em>, not when
 * it was sent, so time spent queueing behind slow answers counts (no coordinated omission). When the service
 * cannot keep up, the latencies grow without bound and the achieved rate falls below N: both are printed.</li>
 * </ul>
 * Varied cases: five product categories, ten provinces, intake or with findings, losses and values across every
 * tier. Prints throughput, latency percentiles and the count of non-2xx answers. The API key of a SYSTEM (see
 * README, Access) comes from the environment variable {@code AFTERSALES_API_KEY}.
 */
public final class HttpLoad {

    private static final String[] CATEGORIES = {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE", "DETONATOR", "DETONATING_CORD", "PRIMER"};
    private static final String[] PROVINCES = {"Hunan", "Hubei", "Guangdong", "Guangxi", "Sichuan", "Yunnan", "Guizhou", "Jiangxi", "Anhui", "Shanxi"};
    private static final String[] PROBLEMS = {"MISFIRE", "PERFORMANCE", "PACKAGING", "LABELLING", "HARDENING",
            "DENSITY", "DELAY_TIME", "LEAD_WIRE", "MOISTURE", "SHELL_DAMAGE"};
    private static final String[] CAUSES = {"PRODUCT_DEFECT", "IMPROPER_OPERATION", "UNDETERMINED"};

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        double rate = 0;
        int warmup = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        String base = positional.size() > 0 ? positional.get(0) : "http://localhost:8080";
        int seconds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 30;
        int clients = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 4;
        String path = positional.size() > 3 ? positional.get(3) : "/api/cases";
        URI uri = URI.create(base + path);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String run = Long.toString(System.currentTimeMillis(), 36);
        String mode = rate > 0 ? "open loop, %.0f req/s due, up to %d in flight".formatted(rate, clients)
                : "closed loop, %d clients".formatted(clients);

        if (warmup > 0) {
            System.out.printf("warming up %s (%s) for %d s...%n", uri, mode, warmup);
            drive(http, uri, clients, warmup, rate, run + "w");
        }
        System.out.printf("measuring %s (%s) for %d s...%n", uri, mode, seconds);
        long cpuBefore = processCpuNanos();
        Result r = drive(http, uri, clients, seconds, rate, run + "m");
        long cpu = processCpuNanos() - cpuBefore;
        long[] lat = r.latenciesMicros;
        Arrays.sort(lat);
        System.out.printf("requests %d, non-2xx %d, throughput %.0f req/s%n", lat.length, r.failures, lat.length / r.seconds);
        System.out.printf("latency ms%s: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", rate > 0 ? " (from due time)" : "",
                pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1000.0);
        System.out.printf("load generator CPU: %.3f ms per request%n", lat.length == 0 ? 0 : cpu / 1e6 / lat.length);
    }

    /** CPU time of this process so far (user and system, every thread), or 0 where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    private record Result(long[] latenciesMicros, long failures, double seconds) {
    }

    /**
     * Closed loop ({@code rate} 0): each client sends as soon as its last answer came. Open loop: request i is due at
     * start + i / rate; a client takes the next due request, waits for its time, sends it, and counts the latency from
     * the due time. Requests due in the period are all sent (late ones as soon as a client is free).
     */
    private static Result drive(HttpClient http, URI uri, int clients, int seconds, double rate, String run)
            throws InterruptedException {
        long begin = System.nanoTime();
        long end = begin + seconds * 1_000_000_000L;
        long due = rate > 0 ? (long) Math.floor(seconds * rate) : Long.MAX_VALUE;
        double intervalNanos = rate > 0 ? 1e9 / rate : 0;
        String key = System.getenv().getOrDefault("AFTERSALES_API_KEY", "");
        AtomicLong next = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            perClient.add(null);
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(client * 7919L + 17 + run.hashCode());
                long[] lat = new long[1 << 16];
                int n = 0;
                long seq = 0;
                while (true) {
                    long start;
                    if (rate > 0) {
                        long i = next.getAndIncrement();
                        if (i >= due) break;
                        start = begin + (long) (i * intervalNanos);
                        long wait = start - System.nanoTime();
                        if (wait > 0) LockSupport.parkNanos(wait);
                    } else {
                        if (System.nanoTime() >= end) break;
                        start = 0;
                    }
                    String body = randomCase(random, run + "-" + client + "-" + seq++);
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .header("X-API-Key", key)
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    if (rate <= 0) start = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() / 100 != 2) {
                            if (failures.incrementAndGet() <= 3) {
                                System.err.println(response.statusCode() + " " + response.body());
                            }
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                    lat[n++] = (System.nanoTime() - start) / 1000;
                }
                long[] mine = Arrays.copyOf(lat, n);
                synchronized (perClient) {
                    perClient.set(client, mine);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        double elapsed = Math.max(seconds, (System.nanoTime() - begin) / 1e9);
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result(all, failures.get(), elapsed);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000.0;
    }

    public static String randomCase(SplittableRandom r, String ref) {
        OffsetDateTime received = OffsetDateTime.of(2026, 1, 1, 8, 0, 0, 0, ZoneOffset.ofHours(8))
                .plusMinutes(r.nextInt(330 * 24 * 60));
        LocalDate produced = received.toLocalDate().minusDays(1 + r.nextInt(900));
        String customerProvince = PROVINCES[r.nextInt(PROVINCES.length)];
        String unitProvince = r.nextInt(3) == 0 ? PROVINCES[r.nextInt(PROVINCES.length)] : customerProvince;
        int product = r.nextInt(40);
        String category = CATEGORIES[product % CATEGORIES.length];
        String findings = "";
        if (r.nextInt(10) < 7) {
            findings = """
                    , "findings": {"cause": "%s", "repairable": %s, "problemProductOnSite": %s, "directLossCny": %d,
                      "compensationClaimed": %s, "remedyValueCny": %d, "staffDispatched": %d, "representative": %s}"""
                    .formatted(CAUSES[r.nextInt(CAUSES.length)], r.nextBoolean(), r.nextInt(4) != 0, r.nextInt(40_000),
                            r.nextBoolean(), r.nextInt(150_000), 1 + r.nextInt(3), r.nextInt(20) == 0);
        }
        return """
                {"externalRef": "LOAD-%s", "receivedAt": "%s", "channel": "MARKETING_BRANCH",
                 "customer": {"name": "Customer %d", "province": "%s", "contact": "0731-5550%03d"},
                 "responsibleUnit": {"code": "SUB-%02d", "province": "%s"},
                 "product": {"code": "P-%03d", "name": "Product %d", "category": "%s", "spec": "std", "regulated": %s},
                 "batchNumber": "B%s-%02d", "productionDate": "%s", "productionSite": "SITE-%c", "quantity": %d,
                 "problem": {"category": "%s", "description": "load test"}, "remoteReplyPossible": %s%s}
                """.formatted(ref, received, r.nextInt(1000), customerProvince, r.nextInt(1000), r.nextInt(12), unitProvince,
                product, product, category, r.nextInt(10) != 0, produced.toString().replace("-", ""), r.nextInt(5),
                produced, (char) ('A' + r.nextInt(3)), 1 + r.nextInt(500), PROBLEMS[r.nextInt(PROBLEMS.length)],
                r.nextInt(5) == 0, findings);
    }
}
