package com.example.aftersales.security.internal;

import org.springframework.http.HttpStatus;

import com.example.aftersales.text.Text;

/** An unknown user or API key: 404. */
public class AccountNotFoundException extends AccountException {

    private AccountNotFoundException(Text detail) {
        super(HttpStatus.NOT_FOUND, Text.of("problem.account.notFound"), detail);
    }

    static AccountNotFoundException user(String username) {
        return new AccountNotFoundException(Text.of("problem.account.noUser", username));
    }

    static AccountNotFoundException key(long id) {
        return new AccountNotFoundException(Text.of("problem.account.noKey", String.valueOf(id)));
    }
}
