package com.example.aftersales.cases;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** A search passed its deadline and was stopped in the database: nothing is wrong with it but its breadth. */
public class SearchTimeoutException extends TextException {

    private final long retryAfterSeconds;

    SearchTimeoutException(java.time.Duration timeout, Throwable cause) {
        super(Text.of("search.timeout", Math.max(1, timeout.toSeconds())), cause);
        this.retryAfterSeconds = Math.max(1, timeout.toSeconds());
    }

    /** When to try again (Retry-After): a search as broad may find the database less busy then. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
