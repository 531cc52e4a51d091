package com.example.aftersales.cases;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** A case search's parameter that cannot be used (400); {@code field} names the parameter. */
public class InvalidSearchException extends TextException {

    private final String field;

    InvalidSearchException(String field, Text message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
