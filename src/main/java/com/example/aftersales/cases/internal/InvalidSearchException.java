package com.example.aftersales.cases.internal;

import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** A case search's parameter that cannot be used (400); {@code field} names the parameter. */
public class InvalidSearchException extends ProblemException {

    private final String field;

    InvalidSearchException(String field, Text message) {
        super(Text.of("problem.field", field, message), java.util.List.of(new FieldProblem(field, message)));
        this.field = field;
    }

    public String field() {
        return field;
    }
}
