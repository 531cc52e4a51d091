package com.example.aftersales.rulesets;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** A draft whose validation failed cannot be activated. */
public class InvalidRulesetException extends ProblemException {

    public InvalidRulesetException(String version) {
        super(409, Text.of("problem.rulesetInvalid"), Text.of("ruleset.invalid", version));
    }
}
