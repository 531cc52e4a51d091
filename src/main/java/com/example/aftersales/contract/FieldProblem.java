package com.example.aftersales.contract;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import com.example.aftersales.text.Text;

/**
 * The one shape of an item of a problem's {@code errors}: the invalid field, named as the request names it
 * ({@code product.code}, {@code lines[2].quantity}, a column, a part), and what is wrong with it. Answered as
 * {@code {"field", "message"}} with the message in the request's language (the {@code FieldError} schema of the
 * contract). {@code ErrorsShapeTest} fails when a second record of this shape appears.
 */
@JsonPropertyOrder({"field", "message"})
public record FieldProblem(String field, @JsonIgnore Text text) {

    /** A field and a message already in the words to answer (said by a library or in a language chosen before). */
    public static FieldProblem of(String field, String message) {
        return new FieldProblem(field, Text.same(message));
    }

    /** What is wrong, in the request's language. */
    @JsonProperty("message")
    public String message() {
        return text.inRequestLanguage();
    }

    /** What is wrong, in a language. */
    public String message(Locale language) {
        return text.in(language);
    }
}
