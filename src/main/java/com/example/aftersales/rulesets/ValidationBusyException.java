package com.example.aftersales.rulesets;

/** Too many drafts are being validated at once: the upload is refused, nothing stored; try again shortly. */
public class ValidationBusyException extends RuntimeException {

    public ValidationBusyException() {
        super("Other drafts are being validated; nothing was stored. Try again in a moment.");
    }
}
