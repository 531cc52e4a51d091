package com.example.aftersales.replay;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** A replay request that cannot be started as asked; names the field. */
public class InvalidReplayException extends TextException {

    private final String field;

    public InvalidReplayException(String field, Text message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
