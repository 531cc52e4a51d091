package com.example.aftersales.replay;

/** A replay request that cannot be started as asked; names the field. */
public class InvalidReplayException extends RuntimeException {

    private final String field;

    public InvalidReplayException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
