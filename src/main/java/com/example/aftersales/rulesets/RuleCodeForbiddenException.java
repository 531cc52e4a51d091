package com.example.aftersales.rulesets;

import java.util.List;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/**
 * An upload that would change rule code (DRL, a table's definition and template) by someone who may change values
 * only. Decided from the files' names, before any of them is read.
 */
public class RuleCodeForbiddenException extends ProblemException {

    private final List<String> files;

    public RuleCodeForbiddenException(List<String> files) {
        super(403, Text.of("problem.ruleCode"), Text.of("upload.codeForbidden", files));
        this.files = List.copyOf(files);
    }

    public List<String> files() {
        return files;
    }

    @Override
    public java.util.Map<String, Object> properties(java.util.Locale language) {
        return java.util.Map.of("files", files);
    }
}
