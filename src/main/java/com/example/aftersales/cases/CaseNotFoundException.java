package com.example.aftersales.cases;

/** No case is recorded under this id. */
public class CaseNotFoundException extends RuntimeException {

    public CaseNotFoundException(long id) {
        super("No case " + id + " is recorded.");
    }
}
