package com.example.aftersales.security.internal;

import org.springframework.http.HttpStatus;

import com.example.aftersales.text.Text;

/** A password change whose current password is wrong, or that came with an API key: 403. */
class WrongPasswordException extends AccountException {
    WrongPasswordException() {
        super(HttpStatus.FORBIDDEN, Text.of("problem.account.wrongPassword"), Text.of("problem.account.wrongPassword.detail"));
    }
}
