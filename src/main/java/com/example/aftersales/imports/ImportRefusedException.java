package com.example.aftersales.imports;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import com.example.aftersales.text.Text;

/**
 * The whole file is refused (unreadable, too large, wrong columns): nothing of it is imported. Answered as
 * {@code application/problem+json} by Spring's problem handling, in the request's language, with
 * {@code errors: [{field, message}]} when columns are at fault.
 */
class ImportRefusedException extends ErrorResponseException {

    static final URI TYPE = URI.create("/problems/import-refused");

    record ColumnProblem(String field, Text message) {
    }

    /** A column problem as answered. */
    record ColumnError(String field, String message) {
    }

    private final Text detail;

    private ImportRefusedException(HttpStatus status, Text title, Text detail, List<ColumnProblem> errors,
                                   Throwable cause) {
        super(status, problem(status, title, detail, errors), cause);
        this.detail = detail;
    }

    static ImportRefusedException unreadable(Text detail) {
        return unreadable(detail, null);
    }

    static ImportRefusedException unreadable(Text detail, Throwable cause) {
        return new ImportRefusedException(HttpStatus.BAD_REQUEST, Text.of("import.unreadable.title"), detail, List.of(), cause);
    }

    static ImportRefusedException columns(Text detail, List<ColumnProblem> errors) {
        return new ImportRefusedException(HttpStatus.BAD_REQUEST, Text.of("import.columns.title"), detail, errors, null);
    }

    static ImportRefusedException tooLarge(Text detail) {
        return new ImportRefusedException(HttpStatus.CONTENT_TOO_LARGE, Text.of("import.tooLarge.title"), detail, List.of(), null);
    }

    /** The detail in both languages (the answer holds it in the request's). */
    Text text() {
        return detail;
    }

    @Override
    public String getMessage() {
        return detail.en();
    }

    private static ProblemDetail problem(HttpStatus status, Text title, Text detail, List<ColumnProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail.inRequestLanguage());
        problem.setTitle(title.inRequestLanguage());
        problem.setType(TYPE);
        problem.setProperty("errors", errors.stream().map(e -> new ColumnError(e.field(), e.message().inRequestLanguage())).toList());
        return problem;
    }
}
