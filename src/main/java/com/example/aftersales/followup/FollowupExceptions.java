package com.example.aftersales.followup;

import java.util.List;
import java.util.Locale;

import com.example.aftersales.glossary.Glossary;
import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** What the follow-up endpoints refuse, in both languages; answered as problem+json by {@link FollowupProblems}. */
final class FollowupExceptions {

    private FollowupExceptions() {
    }

    record FieldProblem(String field, Text message) {
    }

    /** Bad input: every bad field named (400), nothing recorded. */
    static final class InvalidInput extends TextException {
        final transient List<FieldProblem> errors;

        InvalidInput(List<FieldProblem> errors) {
            super(errors.size() == 1 ? Text.of("problem.oneField") : Text.of("problem.fields", errors.size()));
            this.errors = List.copyOf(errors);
        }

        InvalidInput(String field, Text message) {
            this(List.of(new FieldProblem(field, message)));
        }
    }

    /** The event cannot follow what the case has already been through (409), nothing recorded. */
    static final class ImpossibleSequence extends TextException {
        ImpossibleSequence(Text message) {
            super(message);
        }
    }

    static final class OrderNotFound extends TextException {
        OrderNotFound(long id) {
            super(Text.of("followup.orderNotFound", id));
        }
    }

    /** A code as English says it; in Chinese its label with the code beside it: 结案（CASE_CLOSED）. */
    static Text code(String codeSet, Object code) {
        String zh = Glossary.label(codeSet, String.valueOf(code), Locale.SIMPLIFIED_CHINESE);
        return new Text(zh.equals(String.valueOf(code)) ? zh : zh + "（" + code + "）", String.valueOf(code));
    }

    static Text event(Object type) {
        return code(Glossary.EVENT_TYPES, type);
    }
}
