package com.example.aftersales.rulesets;

import java.util.List;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/**
 * An upload that would change rule code (DRL, a table's definition and template) by someone who may change values
 * only. Decided from the files' names, before any of them is read.
 */
public class RuleCodeForbiddenException extends TextException {

    private final List<String> files;

    public RuleCodeForbiddenException(List<String> files) {
        super(Text.of("upload.codeForbidden", files));
        this.files = List.copyOf(files);
    }

    public List<String> files() {
        return files;
    }
}
