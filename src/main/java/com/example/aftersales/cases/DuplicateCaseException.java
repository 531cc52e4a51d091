package com.example.aftersales.cases;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** A case with this external reference is already recorded. */
public class DuplicateCaseException extends ProblemException {

    private final Long existingCaseId;

    public DuplicateCaseException(String externalRef, Long existingCaseId) {
        super(409, Text.of("problem.duplicate"), existingCaseId == null ? Text.of("case.duplicate", externalRef) : Text.of("case.duplicateAs", externalRef, existingCaseId));
        this.existingCaseId = existingCaseId;
    }

    public Long existingCaseId() {
        return existingCaseId;
    }

    @Override
    public Text detail() {
        return Text.of("problem.duplicate.detail", text());
    }

    @Override
    public java.util.Map<String, Object> properties(java.util.Locale language) {
        java.util.Map<String, Object> more = new java.util.LinkedHashMap<>();
        more.put("caseId", existingCaseId);
        return more;
    }
}
