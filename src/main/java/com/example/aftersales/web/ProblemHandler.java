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

/**
 * Every error is {@code application/problem+json} (RFC 9457). Invalid input names every bad field in
 * {@code errors: [{field, message}]}; nothing is recorded when an error is answered.
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
        return invalid(errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.", errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof JsonBodyLimit.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(JsonBodyLimit.tooLarge(tooLarge.max));
            }
        }
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = path(databind);
            return invalid("The field " + field + " has a value of the wrong type.",
                    List.of(new FieldProblem(field, expected(databind))));
        }
        if (cause instanceof InputCoercionException coercion && !coercion.getPath().isEmpty()) {
            String field = path(coercion);
            return invalid("The field " + field + " has a number out of range.",
                    List.of(new FieldProblem(field, expected(coercion.getTargetType()) + " in range")));
        }
        String detail = cause instanceof JacksonException jackson
                ? "The body is not valid JSON: " + jackson.getOriginalMessage()
                : "The request body is missing or unreadable.";
        return invalid(detail, List.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
        return invalid("The path parameter " + ex.getName() + " is not valid.",
                List.of(new FieldProblem(ex.getName(), "must be a " + (ex.getRequiredType() == null ? "valid value" : ex.getRequiredType().getSimpleName()))));
    }

    @ExceptionHandler(CaseNotFoundException.class)
    ProblemDetail notFound(CaseNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Case not found", ex.getMessage());
    }

    @ExceptionHandler(DuplicateCaseException.class)
    ProblemDetail duplicate(DuplicateCaseException ex) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Case already recorded", ex.getMessage()
                + " A retry of the first request gets its answer; this request's content differs.");
        problem.setProperty("caseId", ex.existingCaseId());
        return problem;
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException ex) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused", ex.getMessage());
        problem.setProperty("caseId", ex.existingCaseId());
        return problem;
    }

    @ExceptionHandler(InvalidHeaderException.class)
    ResponseEntity<Object> invalidHeader(InvalidHeaderException ex) {
        return invalid("The header " + ex.field() + " is not valid.", List.of(new FieldProblem(ex.field(), ex.getMessage())));
    }

    /**
     * The database cannot be reached (no connection within the pool's connection timeout, or the connection broke):
     * 503 with Retry-After. The transaction rolled back, so nothing is half-written; the pool reconnects by itself.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            TransactionSystemException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
        log.warn("Database unavailable: {}", ex.getMessage());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
                "The database cannot be reached just now; nothing was recorded. Try again in a few seconds.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(ReplayNotFoundException.class)
    ProblemDetail replayNotFound(ReplayNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Replay not found", ex.getMessage());
    }

    @ExceptionHandler(InvalidReplayException.class)
    ResponseEntity<Object> invalidReplay(InvalidReplayException ex) {
        return invalid(ex.field() + " " + ex.getMessage(), List.of(new FieldProblem(ex.field(), ex.getMessage())));
    }

    /** A version named in a request body cannot be used (422); one named in the path is not there (404). */
    @ExceptionHandler(UnknownRulesetException.class)
    ProblemDetail unknownRuleset(UnknownRulesetException ex, jakarta.servlet.http.HttpServletRequest request) {
        HttpStatus status = "GET".equals(request.getMethod()) ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_CONTENT;
        return problem(status, "Ruleset not found", ex.getMessage());
    }

    @ExceptionHandler(RuleCodeForbiddenException.class)
    ProblemDetail ruleCodeForbidden(RuleCodeForbiddenException ex) {
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "Rule code needs a rule author", ex.getMessage());
        problem.setProperty("files", ex.files());
        return problem;
    }

    @ExceptionHandler(ValidationBusyException.class)
    ResponseEntity<ProblemDetail> validationBusy(ValidationBusyException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "10")
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Busy validating", ex.getMessage()));
    }

    @ExceptionHandler(InvalidRulesetException.class)
    ProblemDetail invalidRuleset(InvalidRulesetException ex) {
        return problem(HttpStatus.CONFLICT, "Ruleset not valid", ex.getMessage());
    }

    @ExceptionHandler(RuleCompilationException.class)
    ProblemDetail ruleCompilation(RuleCompilationException ex) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "The rules do not compile",
                ex.errors().size() + " error(s) in the rule files; each names its file and its cell or line.");
        problem.setProperty("errors", ex.errors());
        return problem;
    }

    @ExceptionHandler(RunawayRulesException.class)
    ProblemDetail runaway(RunawayRulesException ex) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Rules did not finish", ex.getMessage());
        problem.setProperty("rules", ex.lastRules());
        return problem;
    }

    @ExceptionHandler(RuleFailedException.class)
    ProblemDetail ruleFailed(RuleFailedException ex) {
        String rule = ex.rule();
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "A rule failed", ex.getMessage() + ". Nothing was recorded.");
        problem.setProperty("rule", rule);
        return problem;
    }

    /** What the field needs, in words rather than Java types. */
    private static String expected(DatabindException e) {
        return expected(e instanceof MismatchedInputException m ? m.getTargetType() : null);
    }

    private static String expected(Class<?> type) {
        if (type == null) return "has a value of the wrong type";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "must be a whole number";
        if (Number.class.isAssignableFrom(type)) return "must be a number";
        if (type == Boolean.class || type == boolean.class) return "must be true or false";
        if (type == LocalDate.class) return "must be a date such as 2026-11-20";
        if (type == OffsetDateTime.class) return "must be a date and time with its offset, such as 2026-11-20T09:30:00+08:00";
        if (type == String.class) return "must be text";
        return "must be an object with the fields of " + type.getSimpleName();
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

    private static ResponseEntity<Object> invalid(String detail, List<FieldProblem> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
        problem.setType(INVALID_REQUEST);
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
