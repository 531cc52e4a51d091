package com.example.aftersales.contract;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/**
 * A refusal the API answers as {@code application/problem+json} (RFC 9457), described where it is defined: its HTTP
 * status, its {@code type} (a page of {@link ProblemTypes}, or none: {@code about:blank}), its title, its detail (the
 * exception's text) and the invalid fields ({@link FieldProblem}, the one {@code errors} item shape). Both languages
 * are kept; the answer is in the request's. {@code web.ProblemHandler} turns any of them into the answer without
 * knowing the feature that threw it.
 */
public abstract class ProblemException extends TextException {

    /** The page for a request that is not what the operation takes: every invalid field in {@code errors}. */
    public static final URI INVALID_REQUEST = type("invalid-request");

    private final int status;
    private final URI type;
    private final Text title;
    private final transient List<FieldProblem> errors;

    protected ProblemException(int status, URI type, Text title, Text detail, List<FieldProblem> errors, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    protected ProblemException(int status, Text title, Text detail) {
        this(status, null, title, detail, List.of(), null);
    }

    /**
     * A 400 naming invalid fields (type {@code /problems/invalid-request}, title "the request is not valid").
     * The detail says what the fields are; {@code errors} lists them.
     */
    protected ProblemException(Text detail, List<FieldProblem> errors) {
        this(400, INVALID_REQUEST, Text.of("problem.invalid"), detail, errors, null);
    }

    /** A documented problem type, {@code /problems/{name}}; fails at start-up when no page describes it. */
    public static URI type(String name) {
        if (!ProblemTypes.TYPES.containsKey(name)) {
            throw new IllegalArgumentException("No page describes the problem type " + name + " (contract.ProblemTypes)");
        }
        return URI.create("/problems/" + name);
    }

    /** The HTTP status of the answer to a request with this method (most refusals answer one status for all). */
    public int status(String method) {
        return status;
    }

    public int status() {
        return status;
    }

    /** The problem's type, or null for {@code about:blank}. */
    public URI type() {
        return type;
    }

    public Text title() {
        return title;
    }

    /** The detail of the answer; the exception's text unless it says more. */
    public Text detail() {
        return text();
    }

    /** Every invalid field, in the one {@code errors} item shape. */
    public List<FieldProblem> fields() {
        return errors;
    }

    /** Whether the answer has {@code errors} (also when empty): always for an invalid request, else when there are some. */
    public boolean listsErrors() {
        return INVALID_REQUEST.equals(type) || !errors.isEmpty();
    }

    /** Members of the answer beyond RFC 9457's and {@code errors} (e.g. {@code caseId}), in a language. */
    public Map<String, Object> properties(Locale language) {
        return Map.of();
    }

    /** Headers of the answer (e.g. {@code Retry-After}). */
    public Map<String, String> headers() {
        return Map.of();
    }
}
