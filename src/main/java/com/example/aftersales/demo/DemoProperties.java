package com.example.aftersales.demo;

import java.time.LocalDate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.example.aftersales.cases.HistoryRecorder;

/**
 * The demo history recorded at start-up ({@link DemoHistoryLoader}).
 *
 * @param cases     how many cases; 0 (the default) records none and the loader is not started
 * @param seed      the generator's seed: the same seed and count give the same history
 * @param from      the first day a case is received; default: the period {@link DemoHistory#defaultDays} gives
 * @param to        the last day; default {@link DemoHistory#DEFAULT_END}
 * @param batchSize cases per transaction
 */
@ConfigurationProperties("aftersales.demo")
record DemoProperties(@DefaultValue("0") int cases, @DefaultValue("42") long seed, LocalDate from, LocalDate to,
                      @DefaultValue("" + HistoryRecorder.DEFAULT_BATCH_SIZE) int batchSize) {

    DemoProperties {
        if (cases < 0) throw new IllegalArgumentException("aftersales.demo.cases must be 0 or more");
        if (batchSize < 1) throw new IllegalArgumentException("aftersales.demo.batch-size must be at least 1");
    }
}
