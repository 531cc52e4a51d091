package com.example.aftersales.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A user name that is taken: 409 problem+json. */
public class AccountConflictException extends ErrorResponseException {
    public AccountConflictException(String message) {
        super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, message), null);
    }
}
