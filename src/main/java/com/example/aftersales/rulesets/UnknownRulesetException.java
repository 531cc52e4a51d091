package com.example.aftersales.rulesets;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** No ruleset version with this id is stored. */
public class UnknownRulesetException extends ProblemException {

    public UnknownRulesetException(String version) {
        super(422, Text.of("problem.rulesetNotFound"), Text.of("ruleset.unknown", version));
    }

    /** A version named in the path (GET) is not there: 404; one named in a request body cannot be used: 422. */
    @Override
    public int status(String method) {
        return "GET".equals(method) ? 404 : 422;
    }
}
