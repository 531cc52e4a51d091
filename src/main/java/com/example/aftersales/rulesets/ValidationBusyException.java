package com.example.aftersales.rulesets;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** Too many drafts are being validated at once: the upload is refused, nothing stored; try again shortly. */
public class ValidationBusyException extends ProblemException {

    public ValidationBusyException() {
        super(503, Text.of("problem.busy"), Text.of("ruleset.busy"));
    }

    @Override
    public java.util.Map<String, String> headers() {
        return java.util.Map.of("Retry-After", "10");
    }
}
