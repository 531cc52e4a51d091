package com.example.aftersales.cases.internal;

import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** A request header that cannot be used; {@code field} names the header. */
public class InvalidHeaderException extends ProblemException {

    private final String field;

    InvalidHeaderException(String field, Text message) {
        super(Text.of("problem.field", field, message), java.util.List.of(new FieldProblem(field, message)));
        this.field = field;
    }

    public String field() {
        return field;
    }
}
