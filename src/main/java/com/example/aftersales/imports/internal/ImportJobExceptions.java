package com.example.aftersales.imports.internal;

import java.util.Locale;
import java.util.Map;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** Refusals of the import jobs, answered as {@code application/problem+json} in the request's language. */
final class ImportJobExceptions {

    private ImportJobExceptions() {
    }

    /** The person has an import running: one at a time (409), naming it. */
    static final class Busy extends ProblemException {
        private final long running;

        Busy(long running) {
            super(409, type("import-running"), Text.of("import.busy.title"), Text.of("import.busy", running), java.util.List.of(), null);
            this.running = running;
        }

        @Override
        public Map<String, Object> properties(Locale language) {
            return Map.of("running", "/api/imports/" + running);
        }
    }

    static final class NotFound extends ProblemException {
        NotFound(long id) {
            super(404, type("import-not-found"), Text.of("import.jobNotFound.title"), Text.of("import.jobNotFound", id),
                    java.util.List.of(), null);
        }
    }
}
