package com.example.aftersales.shadow;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxConcurrent shadow runs going on at once, at most (each evaluates every new case once more)
 * @param queueCapacity recorded evaluations waiting to be shadowed, at most, per instance; beyond it new ones are not
 *                      shadowed (the run samples, counts them as skipped and says so)
 * @param timeout       the longest a draft may take to decide one case; beyond it the case counts as failed and the
 *                      run is stopped (a rule that never returns would hold the shadow thread)
 * @param refresh       how often each instance reads which runs go on (runs started or stopped on another instance,
 *                      end dates reached) and writes the skipped counts
 * @param batchSize     shadowed evaluations written to a run together (one transaction)
 * @param linger        how long a batch gathers evaluations before it is shadowed and written (fewer, larger
 *                      transactions when traffic is light)
 */
@ConfigurationProperties("aftersales.shadow")
public record ShadowProperties(@DefaultValue("1") int maxConcurrent, @DefaultValue("1000") int queueCapacity,
                               @DefaultValue("2s") Duration timeout, @DefaultValue("1s") Duration refresh,
                               @DefaultValue("100") int batchSize, @DefaultValue("250ms") Duration linger) {
}
