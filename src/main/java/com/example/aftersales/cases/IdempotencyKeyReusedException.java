package com.example.aftersales.cases;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** An Idempotency-Key already used for a request with other content. */
public class IdempotencyKeyReusedException extends ProblemException {

    private final long existingCaseId;

    IdempotencyKeyReusedException(String key, long existingCaseId) {
        super(422, Text.of("problem.keyReused"), Text.of("case.keyReused", key, existingCaseId));
        this.existingCaseId = existingCaseId;
    }

    public long existingCaseId() {
        return existingCaseId;
    }

    @Override
    public java.util.Map<String, Object> properties(java.util.Locale language) {
        return java.util.Map.of("caseId", existingCaseId);
    }
}
