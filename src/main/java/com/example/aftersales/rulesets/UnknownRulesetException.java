package com.example.aftersales.rulesets;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** No ruleset version with this id is stored. */
public class UnknownRulesetException extends TextException {

    public UnknownRulesetException(String version) {
        super(Text.of("ruleset.unknown", version));
    }
}
