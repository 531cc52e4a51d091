package com.example.aftersales.cases;

/** A request header that cannot be used; {@code field} names the header. */
public class InvalidHeaderException extends RuntimeException {

    private final String field;

    InvalidHeaderException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
