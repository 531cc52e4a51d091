package com.example.aftersales.web;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;


import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

import com.example.aftersales.cases.CaseNotFoundException;
import com.example.aftersales.cases.DuplicateCaseException;
import com.example.aftersales.cases.IdempotencyKeyReusedException;
import com.example.aftersales.cases.InvalidHeaderException;
import com.example.aftersales.policy.RuleCompilationException;
import com.example.aftersales.policy.RuleFailedException;
import com.example.aftersales.policy.RunawayRulesException;
import com.example.aftersales.replay.InvalidReplayException;
import com.example.aftersales.replay.ReplayNotFoundException;
import com.example.aftersales.rulesets.InvalidRulesetException;
import com.example.aftersales.rulesets.RuleCodeForbiddenException;
import com.example.aftersales.rulesets.ValidationBusyException;
import com.example.aftersales.rulesets.UnknownRulesetException;
import com.example.aftersales.text.Text;

/**
 * Every error is {@code application/problem+json} (RFC 9457). Invalid input names every bad field in
 * {@code errors: [{field, message}]}; nothing is recorded when an error is answered. Title, detail and messages are
 * in the request's language ({@code Accept-Language}, default {@code aftersales.i18n.default-locale}); fields and codes as they are.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemHandler.class);

    private static final URI INVALID_REQUEST = URI.create("urn:problem:aftersales:invalid-request");

    record FieldProblem(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors().forEach(e -> errors.add(new FieldProblem(e.getObjectName(), e.getDefaultMessage())));
        errors.sort(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message));
        return invalid(errors.size() == 1 ? Text.of("problem.oneField") : Text.of("problem.fields", errors.size()), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof JsonBodyLimit.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(JsonBodyLimit.tooLarge(tooLarge.max, Text.requestLanguage()));
            }
        }
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = path(databind);
            return invalid(Text.of("problem.wrongType", field), List.of(new FieldProblem(field, words(expected(databind)))));
        }
        if (cause instanceof InputCoercionException coercion && !coercion.getPath().isEmpty()) {
            String field = path(coercion);
            return invalid(Text.of("problem.outOfRange", field),
                    List.of(new FieldProblem(field, words(Text.of("field.inRange", expected(coercion.getTargetType()))))));
        }
        Text detail = cause instanceof JacksonException jackson
                ? Text.of("problem.notJson", jackson.getOriginalMessage())
                : Text.of("problem.noBody");
        return invalid(detail, List.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
        return invalid(Text.of("problem.pathParameter", ex.getName()), List.of(new FieldProblem(ex.getName(),
                words(ex.getRequiredType() == null ? Text.of("field.valid") : Text.of("field.mustBe", ex.getRequiredType().getSimpleName())))));
    }

    @ExceptionHandler(CaseNotFoundException.class)
    ProblemDetail notFound(CaseNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, Text.of("problem.caseNotFound"), ex.text());
    }

    @ExceptionHandler(DuplicateCaseException.class)
    ProblemDetail duplicate(DuplicateCaseException ex) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, Text.of("problem.duplicate"), Text.of("problem.duplicate.detail", ex.text()));
        problem.setProperty("caseId", ex.existingCaseId());
        return problem;
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException ex) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, Text.of("problem.keyReused"), ex.text());
        problem.setProperty("caseId", ex.existingCaseId());
        return problem;
    }

    @ExceptionHandler(InvalidHeaderException.class)
    ResponseEntity<Object> invalidHeader(InvalidHeaderException ex) {
        return invalid(Text.of("problem.header", ex.field()), List.of(new FieldProblem(ex.field(), words(ex.text()))));
    }

    /**
     * The database cannot be reached (no connection within the pool's connection timeout, or the connection broke):
     * 503 with Retry-After. The transaction rolled back, so nothing is half-written; the pool reconnects by itself.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            TransactionSystemException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
        log.warn("Database unavailable: {}", ex.getMessage());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, Text.of("problem.database"), Text.of("problem.database.detail"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(ReplayNotFoundException.class)
    ProblemDetail replayNotFound(ReplayNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, Text.of("problem.replayNotFound"), ex.text());
    }

    @ExceptionHandler(InvalidReplayException.class)
    ResponseEntity<Object> invalidReplay(InvalidReplayException ex) {
        return invalid(Text.of("problem.field", ex.field(), ex.text()), List.of(new FieldProblem(ex.field(), words(ex.text()))));
    }

    /** A version named in a request body cannot be used (422); one named in the path is not there (404). */
    @ExceptionHandler(UnknownRulesetException.class)
    ProblemDetail unknownRuleset(UnknownRulesetException ex, jakarta.servlet.http.HttpServletRequest request) {
        HttpStatus status = "GET".equals(request.getMethod()) ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_CONTENT;
        return problem(status, Text.of("problem.rulesetNotFound"), ex.text());
    }

    @ExceptionHandler(RuleCodeForbiddenException.class)
    ProblemDetail ruleCodeForbidden(RuleCodeForbiddenException ex) {
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, Text.of("problem.ruleCode"), ex.text());
        problem.setProperty("files", ex.files());
        return problem;
    }

    @ExceptionHandler(ValidationBusyException.class)
    ResponseEntity<ProblemDetail> validationBusy(ValidationBusyException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "10")
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, Text.of("problem.busy"), ex.text()));
    }

    @ExceptionHandler(InvalidRulesetException.class)
    ProblemDetail invalidRuleset(InvalidRulesetException ex) {
        return problem(HttpStatus.CONFLICT, Text.of("problem.rulesetInvalid"), ex.text());
    }

    @ExceptionHandler(RuleCompilationException.class)
    ProblemDetail ruleCompilation(RuleCompilationException ex) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, Text.of("problem.compile"),
                Text.of("problem.compile.detail", ex.errors().size()));
        problem.setProperty("errors", ex.errors());
        return problem;
    }

    @ExceptionHandler(RunawayRulesException.class)
    ProblemDetail runaway(RunawayRulesException ex) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, Text.of("problem.runaway"), ex.text());
        problem.setProperty("rules", ex.lastRules());
        return problem;
    }

    @ExceptionHandler(RuleFailedException.class)
    ProblemDetail ruleFailed(RuleFailedException ex) {
        String rule = ex.rule();
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, Text.of("problem.ruleFailed"),
                Text.of("problem.ruleFailed.detail", ex.text()));
        problem.setProperty("rule", rule);
        return problem;
    }

    /** What the field needs, in words rather than Java types. */
    private static Text expected(DatabindException e) {
        return expected(e instanceof MismatchedInputException m ? m.getTargetType() : null);
    }

    private static Text expected(Class<?> type) {
        if (type == null) return Text.of("field.wrongType");
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return Text.of("field.wholeNumber");
        if (Number.class.isAssignableFrom(type)) return Text.of("field.number");
        if (type == Boolean.class || type == boolean.class) return Text.of("field.boolean");
        if (type == LocalDate.class) return Text.of("field.date");
        if (type == OffsetDateTime.class) return Text.of("field.dateTime");
        if (type == String.class) return Text.of("field.text");
        return Text.of("field.object", type.getSimpleName());
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ResponseEntity<Object> invalid(Text detail, List<FieldProblem> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, Text.of("problem.invalid"), detail);
        problem.setType(INVALID_REQUEST);
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, Text title, Text detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, words(detail));
        problem.setTitle(words(title));
        return problem;
    }

    /** In the request's language. */
    private static String words(Text text) {
        return text.inRequestLanguage();
    }
}
