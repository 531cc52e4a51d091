package com.example.aftersales.security.internal;

import org.springframework.http.HttpStatus;

import com.example.aftersales.text.Text;

/** A user name that is taken: 409. */
public class AccountConflictException extends AccountException {
    AccountConflictException(String username) {
        super(HttpStatus.CONFLICT, Text.of("problem.account.taken"), Text.of("problem.account.taken.detail", username));
    }
}
