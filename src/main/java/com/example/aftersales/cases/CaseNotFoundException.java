package com.example.aftersales.cases;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** No case is recorded under this id. */
public class CaseNotFoundException extends ProblemException {

    public CaseNotFoundException(long id) {
        super(404, Text.of("problem.caseNotFound"), Text.of("case.notFound", id));
    }
}
