package com.example.aftersales.text;

/**
 * An error whose message people read: in both languages, answered in the request's ({@code getMessage()} is the
 * English, for logs).
 */
public class TextException extends RuntimeException {

    private final Text text;

    protected TextException(Text text) {
        this(text, null);
    }

    protected TextException(Text text, Throwable cause) {
        super(text.en(), cause);
        this.text = text;
    }

    public Text text() {
        return text;
    }
}
