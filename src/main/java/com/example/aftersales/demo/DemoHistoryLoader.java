package com.example.aftersales.demo;

import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

import com.example.aftersales.cases.CaseDirectory;
import com.example.aftersales.cases.HistoryRecorder;

/**
 * Records the demo history at start-up when {@code aftersales.demo.cases} is greater than 0:
 * {@code --aftersales.demo.cases=100000 --aftersales.demo.seed=42}, optionally {@code --aftersales.demo.from=2020-01-01}
 * and {@code --aftersales.demo.to=2026-06-30} (default: the period {@link DemoHistory#defaultDays} gives, ending
 * {@link DemoHistory#DEFAULT_END}) and {@code --aftersales.demo.batch-size=1000}. Nothing is done when the first and
 * the last case of that history are already recorded; otherwise the cases not recorded yet are (by externalRef).
 */
@Component
@ConditionalOnExpression("${aftersales.demo.cases:0} > 0")
class DemoHistoryLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoHistoryLoader.class);

    private final HistoryRecorder recorder;
    private final CaseDirectory caseDirectory;
    private final DemoProperties settings;

    DemoHistoryLoader(HistoryRecorder recorder, CaseDirectory caseDirectory, DemoProperties settings) {
        this.recorder = recorder;
        this.caseDirectory = caseDirectory;
        this.settings = settings;
    }

    DemoHistory history() {
        LocalDate end = settings.to() == null ? DemoHistory.DEFAULT_END : settings.to();
        LocalDate start = settings.from() == null ? end.minusDays(DemoHistory.defaultDays(settings.cases()) - 1L) : settings.from();
        return new DemoHistory(settings.seed(), settings.cases(), start, end);
    }

    @Override
    public void run(ApplicationArguments args) {
        DemoHistory history = history();
        long seed = settings.seed();
        int cases = settings.cases();
        int batchSize = settings.batchSize();
        if (recorded(history.externalRef(0)) && recorded(history.externalRef(cases - 1L))) {
            log.info("Demo history (seed {}, {} cases) is already recorded", seed, cases);
            return;
        }
        log.info("Recording the demo history: {} cases, seed {}, received {} to {}, {} cases per transaction",
                cases, seed, history.from(), history.to(), batchSize);
        long[] nextLog = {System.nanoTime() + 5_000_000_000L};
        HistoryRecorder.Progress done = recorder.record(history.iterator(), batchSize, p -> {
            if (System.nanoTime() >= nextLog[0]) {
                nextLog[0] = System.nanoTime() + 5_000_000_000L;
                log.info("Demo history: {} of {} cases done ({} recorded, {} already there), {} cases/s",
                        p.recorded() + p.skipped(), cases, p.recorded(), p.skipped(), Math.round(p.casesPerSecond()));
            }
        });
        log.info("Demo history recorded: {} cases recorded, {} already there, in {} s, {} cases/s",
                done.recorded(), done.skipped(), String.format("%.1f", done.elapsedNanos() / 1e9),
                Math.round(done.casesPerSecond()));
    }

    private boolean recorded(String externalRef) {
        return caseDirectory.recorded(externalRef);
    }
}
