package com.example.aftersales.shadow;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/**
 * A shadow run that cannot be started, stopped or read as asked, in words: {@code 400} naming the field, {@code 404}
 * (no such run) or {@code 409} (not now: too many runs going on, already stopped).
 */
public class ShadowRefusedException extends TextException {

    private final int status;
    private final String field;

    private ShadowRefusedException(int status, String field, Text text) {
        super(text);
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
}
