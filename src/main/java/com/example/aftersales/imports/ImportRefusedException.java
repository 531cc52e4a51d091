package com.example.aftersales.imports;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The whole file is refused (unreadable, too large, wrong columns): nothing of it is imported. Answered as
 * {@code application/problem+json} by Spring's problem handling, with {@code errors: [{field, message}]} when
 * columns are at fault.
 */
class ImportRefusedException extends ErrorResponseException {

    static final URI TYPE = URI.create("urn:problem:aftersales:import-refused");

    record ColumnProblem(String field, String message) {
    }

    private ImportRefusedException(HttpStatus status, String title, String detail, List<ColumnProblem> errors,
                                   Throwable cause) {
        super(status, problem(status, title, detail, errors), cause);
    }

    static ImportRefusedException unreadable(String detail) {
        return unreadable(detail, null);
    }

    static ImportRefusedException unreadable(String detail, Throwable cause) {
        return new ImportRefusedException(HttpStatus.BAD_REQUEST, "Unreadable import file", detail, List.of(), cause);
    }

    static ImportRefusedException columns(String detail, List<ColumnProblem> errors) {
        return new ImportRefusedException(HttpStatus.BAD_REQUEST, "Invalid import columns", detail, errors, null);
    }

    static ImportRefusedException tooLarge(String detail) {
        return new ImportRefusedException(HttpStatus.CONTENT_TOO_LARGE, "Import file too large", detail, List.of(), null);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, List<ColumnProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(TYPE);
        problem.setProperty("errors", errors);
        return problem;
    }
}
