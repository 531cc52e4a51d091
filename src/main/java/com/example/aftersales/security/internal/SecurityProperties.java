package com.example.aftersales.security.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first administrator, created at the first start when no user exists yet, and the sign-in throttle.
 *
 * @param adminUsername its user name
 * @param adminPassword its password (environment: {@code AFTERSALES_SECURITY_ADMIN_PASSWORD}); when not set, a random
 *                      one is generated and printed once in the log
 * @param login         failed sign-ins and the locks they bring
 */
@ConfigurationProperties("aftersales.security")
record SecurityProperties(@DefaultValue("admin") String adminUsername, String adminPassword, @DefaultValue Login login) {

    /**
     * Failed sign-ins (HTTP Basic and the login form) are counted per user name and per client address, across
     * instances. At {@code maxFailures} failures of a name (or {@code maxFailuresPerAddress} from an address) sign-in
     * with it is refused for {@code lockBase}; each further failure after a lock doubles the lock, up to
     * {@code lockMax}. A success resets the name's count; counts are forgotten {@code forgetAfter} after the last
     * failure. API keys are never refused by a lock.
     */
    record Login(@DefaultValue("5") int maxFailures,
                 @DefaultValue("20") int maxFailuresPerAddress,
                 @DefaultValue("1m") Duration lockBase,
                 @DefaultValue("15m") Duration lockMax,
                 @DefaultValue("1h") Duration forgetAfter) {

        Login {
            if (maxFailures < 1 || maxFailuresPerAddress < 1) {
                throw new IllegalArgumentException("aftersales.security.login.max-failures and max-failures-per-address must be 1 or more");
            }
            if (lockBase.isNegative() || lockBase.isZero() || lockMax.compareTo(lockBase) < 0) {
                throw new IllegalArgumentException("aftersales.security.login.lock-base must be positive and at most lock-max");
            }
        }

        /** How long a name or an address is refused after this many failures (at least the threshold). */
        Duration lockFor(int failures, int threshold) {
            int doublings = Math.min(failures - threshold, 30);
            Duration lock = lockBase.multipliedBy(1L << Math.max(doublings, 0));
            return lock.compareTo(lockMax) > 0 ? lockMax : lock;
        }

        /** A count is kept at least as long as the longest lock, so a lock is never followed by a fresh count. */
        Duration keepFor() {
            return forgetAfter.compareTo(lockMax) > 0 ? forgetAfter : lockMax;
        }
    }
}
