package com.example.aftersales.cases;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** A case with this external reference is already recorded. */
public class DuplicateCaseException extends TextException {

    private final Long existingCaseId;

    public DuplicateCaseException(String externalRef, Long existingCaseId) {
        super(existingCaseId == null ? Text.of("case.duplicate", externalRef) : Text.of("case.duplicateAs", externalRef, existingCaseId));
        this.existingCaseId = existingCaseId;
    }

    public Long existingCaseId() {
        return existingCaseId;
    }
}
