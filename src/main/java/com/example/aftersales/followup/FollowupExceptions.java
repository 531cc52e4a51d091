package com.example.aftersales.followup;

import java.util.List;

/** What the follow-up endpoints refuse; answered as problem+json by {@link FollowupProblems}. */
final class FollowupExceptions {

    private FollowupExceptions() {
    }

    record FieldProblem(String field, String message) {
    }

    /** Bad input: every bad field named (400), nothing recorded. */
    static final class InvalidInput extends RuntimeException {
        final transient List<FieldProblem> errors;

        InvalidInput(List<FieldProblem> errors) {
            super(errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.");
            this.errors = List.copyOf(errors);
        }

        InvalidInput(String field, String message) {
            this(List.of(new FieldProblem(field, message)));
        }
    }

    /** The event cannot follow what the case has already been through (409), nothing recorded. */
    static final class ImpossibleSequence extends RuntimeException {
        ImpossibleSequence(String message) {
            super(message);
        }
    }

    static final class OrderNotFound extends RuntimeException {
        OrderNotFound(long id) {
            super("No rectification order " + id + ".");
        }
    }
}
