package com.example.aftersales.cases;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** An Idempotency-Key already used for a request with other content. */
public class IdempotencyKeyReusedException extends TextException {

    private final long existingCaseId;

    IdempotencyKeyReusedException(String key, long existingCaseId) {
        super(Text.of("case.keyReused", key, existingCaseId));
        this.existingCaseId = existingCaseId;
    }

    public long existingCaseId() {
        return existingCaseId;
    }
}
