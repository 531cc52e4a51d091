package com.example.aftersales.cases;

/** A case with this external reference is already recorded. */
public class DuplicateCaseException extends RuntimeException {

    private final Long existingCaseId;

    public DuplicateCaseException(String externalRef, Long existingCaseId) {
        super("A case with externalRef " + externalRef + " is already recorded"
                + (existingCaseId == null ? "." : " as case " + existingCaseId + "."));
        this.existingCaseId = existingCaseId;
    }

    public Long existingCaseId() {
        return existingCaseId;
    }
}
