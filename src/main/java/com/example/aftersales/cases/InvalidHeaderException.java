package com.example.aftersales.cases;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** A request header that cannot be used; {@code field} names the header. */
public class InvalidHeaderException extends TextException {

    private final String field;

    InvalidHeaderException(String field, Text message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
