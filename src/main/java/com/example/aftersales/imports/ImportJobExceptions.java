package com.example.aftersales.imports;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import com.example.aftersales.text.Text;

/** Refusals of the import jobs, answered as {@code application/problem+json} in the request's language. */
final class ImportJobExceptions {

    private ImportJobExceptions() {
    }

    /** The person has an import running: one at a time (409), naming it. */
    static final class Busy extends ErrorResponseException {
        Busy(long running) {
            super(HttpStatus.CONFLICT, problem(HttpStatus.CONFLICT, "/problems/import-running",
                    Text.of("import.busy.title"), Text.of("import.busy", running)), null);
            getBody().setProperty("running", "/api/imports/" + running);
        }
    }

    static final class NotFound extends ErrorResponseException {
        NotFound(long id) {
            super(HttpStatus.NOT_FOUND, problem(HttpStatus.NOT_FOUND, "/problems/import-not-found",
                    Text.of("import.jobNotFound.title"), Text.of("import.jobNotFound", id)), null);
        }
    }

    private static ProblemDetail problem(HttpStatus status, String type, Text title, Text detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail.inRequestLanguage());
        problem.setTitle(title.inRequestLanguage());
        problem.setType(URI.create(type));
        return problem;
    }
}
