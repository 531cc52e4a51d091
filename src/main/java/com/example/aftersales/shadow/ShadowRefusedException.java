package com.example.aftersales.shadow;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.text.Text;

/**
 * A shadow run that cannot be started, stopped or read as asked, in words: {@code 400} naming the field, {@code 404}
 * (no such run) or {@code 409} (not now: too many runs going on, already stopped).
 */
public class ShadowRefusedException extends ProblemException {

    private final int status;
    private final String field;

    private ShadowRefusedException(int status, String field, Text text) {
        super(status, field == null ? null : INVALID_REQUEST, Text.of(field == null ? "problem.shadowRefused" : "problem.invalid"),
                text, field == null ? java.util.List.of() : java.util.List.of(new FieldProblem(field, text)), null);
        this.status = status;
        this.field = field;
    }

    static ShadowRefusedException field(String field, Text text) {
        return new ShadowRefusedException(400, field, text);
    }

    static ShadowRefusedException notFound(Text text) {
        return new ShadowRefusedException(404, null, text);
    }

    static ShadowRefusedException conflict(Text text) {
        return new ShadowRefusedException(409, null, text);
    }

    /** The HTTP status: 400, 404 or 409. */
    public int status() {
        return status;
    }

    /** The field at fault (400), or null. */
    public String field() {
        return field;
    }

    @Override
    public Text detail() {
        return field == null ? text() : Text.of("problem.field", field, text());
    }
}
