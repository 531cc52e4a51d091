package com.example.aftersales.followup;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.example.aftersales.followup.FollowupExceptions.ImpossibleSequence;
import com.example.aftersales.followup.FollowupExceptions.InvalidInput;
import com.example.aftersales.followup.FollowupExceptions.OrderNotFound;
import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.text.Text;

/**
 * What a refusal of the follow-up services says, for callers outside this package (the console shows it in words):
 * the HTTP status the API would answer (400, 404, 409), the detail, and each bad field, in one language.
 */
public record EventRefusal(int status, String detail, List<FieldProblem> errors) {

    /** The refusal {@code e} is, in the request's language; empty when it is not one of the follow-up's refusals. */
    public static Optional<EventRefusal> of(Throwable e) {
        return of(e, Text.requestLanguage());
    }

    public static Optional<EventRefusal> of(Throwable e, Locale language) {
        if (e instanceof InvalidInput invalid) {
            return Optional.of(new EventRefusal(400, invalid.text().in(language),
                    invalid.fields().stream().map(f -> FieldProblem.of(f.field(), f.message(language))).toList()));
        }
        if (e instanceof ImpossibleSequence impossible) {
            return Optional.of(new EventRefusal(409, impossible.text().in(language), List.of()));
        }
        if (e instanceof OrderNotFound notFound) {
            return Optional.of(new EventRefusal(404, notFound.text().in(language), List.of()));
        }
        return Optional.empty();
    }
}
