package com.example.aftersales.rulesets;

/** No ruleset version with this id is stored. */
public class UnknownRulesetException extends RuntimeException {

    public UnknownRulesetException(String version) {
        super("No ruleset version " + version + " is stored.");
    }
}
