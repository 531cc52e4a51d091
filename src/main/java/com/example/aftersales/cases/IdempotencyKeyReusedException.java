package com.example.aftersales.cases;

/** An Idempotency-Key already used for a request with other content. */
public class IdempotencyKeyReusedException extends RuntimeException {

    private final long existingCaseId;

    IdempotencyKeyReusedException(String key, long existingCaseId) {
        super("The Idempotency-Key " + key + " was already used for case " + existingCaseId
                + " with other content; use a new key for a new case.");
        this.existingCaseId = existingCaseId;
    }

    public long existingCaseId() {
        return existingCaseId;
    }
}
