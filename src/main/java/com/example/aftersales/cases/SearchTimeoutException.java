package com.example.aftersales.cases;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** A search passed its deadline and was stopped in the database: nothing is wrong with it but its breadth. */
public class SearchTimeoutException extends ProblemException {

    private final long retryAfterSeconds;

    SearchTimeoutException(java.time.Duration timeout, Throwable cause) {
        super(503, null, Text.of("problem.searchStopped"), Text.of("search.timeout", Math.max(1, timeout.toSeconds())), java.util.List.of(), cause);
        this.retryAfterSeconds = Math.max(1, timeout.toSeconds());
    }

    /** When to try again (Retry-After): a search as broad may find the database less busy then. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public java.util.Map<String, String> headers() {
        return java.util.Map.of("Retry-After", String.valueOf(retryAfterSeconds));
    }
}
