package com.example.aftersales.activation;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.text.Text;

/**
 * An activation, request, approval or rejection that cannot be done as asked, in words: {@code 400} naming the field
 * (a missing comment), {@code 404} (no such request) or {@code 409} (not now: no impact yet, the same person approving,
 * already decided).
 */
public class ActivationRefusedException extends ProblemException {

    private final int status;
    private final String field;

    ActivationRefusedException(int status, String field, Text text) {
        super(status, field == null ? null : INVALID_REQUEST, Text.of(field == null ? "problem.activationRefused" : "problem.invalid"),
                text, field == null ? java.util.List.of() : java.util.List.of(new FieldProblem(field, text)), null);
        this.status = status;
        this.field = field;
    }

    static ActivationRefusedException conflict(String key, Object... arguments) {
        return new ActivationRefusedException(409, null, Text.of(key, arguments));
    }

    static ActivationRefusedException missing(String field) {
        return new ActivationRefusedException(400, field, Text.of("activation.commentRequired"));
    }

    /** The HTTP status: 400, 404 or 409. */
    public int status() {
        return status;
    }

    /** The field at fault (400), or null. */
    public String field() {
        return field;
    }
}
