package com.example.aftersales.rulesets;

/** A draft whose validation failed cannot be activated. */
public class InvalidRulesetException extends RuntimeException {

    public InvalidRulesetException(String version) {
        super("Ruleset " + version + " did not pass validation and cannot be activated; see its validation report.");
    }
}
