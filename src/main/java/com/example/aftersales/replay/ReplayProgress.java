package com.example.aftersales.replay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** The replay gauges: the runs going on in this instance, their cases done and planned, and the cases replayed. */
@Component
class ReplayProgress {

    /** Cases done and in all, of each run going on here. */
    private final Map<Long, long[]> progress = new ConcurrentHashMap<>();
    private final Counter replayedCases;

    ReplayProgress(MeterRegistry meters) {
        Gauge.builder("aftersales.replay.running", progress, Map::size)
                .description("Replay runs going on in this instance").register(meters);
        Gauge.builder("aftersales.replay.cases.done", progress, p -> p.values().stream().mapToLong(v -> v[0]).sum())
                .description("Cases replayed so far by the runs going on").register(meters);
        Gauge.builder("aftersales.replay.cases.planned", progress, p -> p.values().stream().mapToLong(v -> v[1]).sum())
                .description("Cases to replay in all by the runs going on").register(meters);
        replayedCases = Counter.builder("aftersales.replay.evaluations").description("Cases replayed").register(meters);
    }

    void started(long run, long done, long total) {
        progress.put(run, new long[] {done, total});
    }

    void advanced(long run, long done, int cases) {
        long[] p = progress.get(run);
        if (p != null) {
            p[0] = done;
        }
        replayedCases.increment(cases);
    }

    void stopped(long run) {
        progress.remove(run);
    }
}
