package com.example.aftersales.security;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.core.AuthenticationException;

/**
 * Sign-in is refused for a while: too many failures of this user name or from this address. Said the same way whether
 * the name belongs to an account or not.
 */
public class LoginLockedException extends AuthenticationException {

    private final Instant until;
    private final Duration wait;

    public LoginLockedException(Instant until, Instant now) {
        super("sign-in refused until " + until);
        this.until = until;
        this.wait = Duration.between(now, until);
    }

    /** When sign-in is allowed again. */
    public Instant until() {
        return until;
    }

    /** Whole seconds to wait, at least one: the value of {@code Retry-After}. */
    public long retryAfterSeconds() {
        return secondsUntil(wait);
    }

    /** Whole seconds of a wait, rounded up, at least one. */
    public static long secondsUntil(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(seconds, 1);
    }
}
