package com.example.aftersales.rulesets;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** Too many drafts are being validated at once: the upload is refused, nothing stored; try again shortly. */
public class ValidationBusyException extends TextException {

    public ValidationBusyException() {
        super(Text.of("ruleset.busy"));
    }
}
