package com.example.aftersales.cases.internal;

import java.util.List;

import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** A query parameter or request header of the case endpoints that cannot be used (400); names it as the field. */
class InvalidParameterException extends ProblemException {

    InvalidParameterException(String field, Text message) {
        super(Text.of("problem.field", field, message), List.of(new FieldProblem(field, message)));
    }
}
