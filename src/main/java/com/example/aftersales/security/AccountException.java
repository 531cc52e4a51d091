package com.example.aftersales.security;

import org.springframework.http.HttpStatus;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** A refused account operation, said in words: its status, a title and the detail. */
public abstract class AccountException extends TextException {

    private final HttpStatus status;
    private final Text title;

    AccountException(HttpStatus status, Text title, Text detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public Text title() {
        return title;
    }
}
