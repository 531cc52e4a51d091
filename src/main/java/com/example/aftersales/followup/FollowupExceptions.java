package com.example.aftersales.followup;

import java.util.List;
import java.util.Locale;

import com.example.aftersales.glossary.Glossary;
import com.example.aftersales.text.Text;
import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.contract.ProblemException;

/** What the follow-up endpoints refuse, in both languages; answered as problem+json by web.ProblemHandler. */
public final class FollowupExceptions {

    private FollowupExceptions() {
    }

    /** Bad input: every bad field named (400), nothing recorded. */
    public static final class InvalidInput extends ProblemException {
        public InvalidInput(List<FieldProblem> errors) {
            super(errors.size() == 1 ? Text.of("problem.oneField") : Text.of("problem.fields", errors.size()), errors);
        }

        public InvalidInput(String field, Text message) {
            this(List.of(new FieldProblem(field, message)));
        }
    }

    /** The event cannot follow what the case has already been through (409), nothing recorded. */
    static final class ImpossibleSequence extends ProblemException {
        ImpossibleSequence(Text message) {
            super(409, Text.of("followup.impossible"), message);
        }
    }

    static final class OrderNotFound extends ProblemException {
        OrderNotFound(long id) {
            super(404, Text.of("followup.orderNotFound.title"), Text.of("followup.orderNotFound", id));
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
