package com.example.aftersales.console.internal;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** A value typed into a console form or link that cannot be used: answered 400, in the console's language. */
final class BadInput extends TextException {

    BadInput(String key, Object... arguments) {
        super(Text.of(key, arguments));
    }
}
