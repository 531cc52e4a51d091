package com.example.aftersales.security.internal;

import org.springframework.http.HttpStatus;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** A refused account operation, said in words: its status, a title and the detail. */
public abstract class AccountException extends ProblemException {

    AccountException(HttpStatus status, Text title, Text detail) {
        super(status.value(), title, detail);
    }
}
