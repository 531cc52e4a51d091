package com.example.aftersales.rulesets;

import java.util.List;

/**
 * An upload that would change rule code (DRL, a table's definition and template) by someone who may change values
 * only. Decided from the files' names, before any of them is read.
 */
public class RuleCodeForbiddenException extends RuntimeException {

    private final List<String> files;

    public RuleCodeForbiddenException(List<String> files) {
        super("Only a rule author may change rule code: " + String.join(", ", files)
                + ". Quality managers and analysts upload decision tables (.xlsx, .xls) and scenarios (.yaml, .scenarios.xlsx).");
        this.files = List.copyOf(files);
    }

    public List<String> files() {
        return files;
    }
}
