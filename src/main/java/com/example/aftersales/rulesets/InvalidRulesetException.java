package com.example.aftersales.rulesets;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** A draft whose validation failed cannot be activated. */
public class InvalidRulesetException extends TextException {

    public InvalidRulesetException(String version) {
        super(Text.of("ruleset.invalid", version));
    }
}
