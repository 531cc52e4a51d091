package com.example.aftersales.replay;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.text.Text;

/** A replay request that cannot be started as asked; names the field. */
public class InvalidReplayException extends ProblemException {

    private final String field;

    public InvalidReplayException(String field, Text message) {
        super(Text.of("problem.field", field, message), java.util.List.of(new FieldProblem(field, message)));
        this.field = field;
    }

    public String field() {
        return field;
    }
}
