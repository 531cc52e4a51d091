package com.example.aftersales.web.internal;

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

import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/**
 * Every error is {@code application/problem+json} (RFC 9457). Invalid input names every bad field in
 * {@code errors: [{field, message}]}; nothing is recorded when an error is answered. Title, detail and messages are
 * in the request's language ({@code Accept-Language}, default {@code aftersales.i18n.default-locale}); fields and codes as they are.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemHandler.class);

    private static final URI INVALID_REQUEST = ProblemException.INVALID_REQUEST;

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(FieldProblem.of(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors().forEach(e -> errors.add(FieldProblem.of(e.getObjectName(), e.getDefaultMessage())));
        errors.sort(Comparator.comparing(FieldProblem::field).thenComparing(f -> f.message()));
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
            return invalid(Text.of("problem.wrongType", field), List.of(FieldProblem.of(field, words(expected(databind)))));
        }
        if (cause instanceof InputCoercionException coercion && !coercion.getPath().isEmpty()) {
            String field = path(coercion);
            return invalid(Text.of("problem.outOfRange", field),
                    List.of(FieldProblem.of(field, words(Text.of("field.inRange", expected(coercion.getTargetType()))))));
        }
        if (cause instanceof DatabindException databind) {
            // the body as a whole has the wrong shape (an array for an object, say)
            return invalid(Text.of("problem.body", bodyShape(databind)), List.of());
        }
        if (cause instanceof JacksonException jackson) {
            return JsonSyntax.problem(jackson).map(p -> invalid(p.detail(), p.errors())).orElseGet(() -> invalid(Text.of("problem.noBody"), List.of()));
        }
        return invalid(Text.of("problem.noBody"), List.of());
    }

    // --- Spring MVC's own refusals, in words in the request's language (never their English default text) ---

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(org.springframework.web.HttpMediaTypeNotSupportedException ex,
                                                                     HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Object sent = ex.getContentType() == null ? Text.of("problem.mediaType.none") : ex.getContentType().toString();
        String taken = ex.getSupportedMediaTypes().stream().map(Object::toString).distinct().collect(java.util.stream.Collectors.joining(", "));
        return handleExceptionInternal(ex, problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Text.of("problem.mediaType"),
                Text.of("problem.mediaType.detail", sent, taken)), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(org.springframework.web.HttpMediaTypeNotAcceptableException ex,
                                                                      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String answers = ex.getSupportedMediaTypes().stream().map(Object::toString).distinct().collect(java.util.stream.Collectors.joining(", "));
        return handleExceptionInternal(ex, problem(HttpStatus.NOT_ACCEPTABLE, Text.of("problem.notAcceptable"),
                Text.of("problem.notAcceptable.detail", answers)), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(org.springframework.web.HttpRequestMethodNotSupportedException ex,
                                                                         HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String taken = ex.getSupportedHttpMethods() == null ? "" : ex.getSupportedHttpMethods().stream().map(Object::toString)
                .collect(java.util.stream.Collectors.joining(", "));
        return handleExceptionInternal(ex, problem(HttpStatus.METHOD_NOT_ALLOWED, Text.of("problem.method"),
                Text.of("problem.method.detail", ex.getMethod(), taken)), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(org.springframework.web.servlet.resource.NoResourceFoundException ex,
                                                                    HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String path = request instanceof org.springframework.web.context.request.ServletWebRequest servlet
                ? servlet.getRequest().getRequestURI() : "/" + ex.getResourcePath();
        return handleExceptionInternal(ex, problem(HttpStatus.NOT_FOUND, Text.of("problem.notFound"),
                Text.of("problem.notFound.detail", path)), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(org.springframework.web.bind.MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(Text.of("problem.missingParameter", ex.getParameterName()),
                List.of(FieldProblem.of(ex.getParameterName(), words(Text.of("field.required")))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(org.springframework.web.multipart.support.MissingServletRequestPartException ex,
                                                                     HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(Text.of("problem.missingPart", ex.getRequestPartName()),
                List.of(FieldProblem.of(ex.getRequestPartName(), words(Text.of("field.required")))));
    }

    /** What the body as a whole must be. */
    private static Text bodyShape(DatabindException e) {
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (type != null && (type.isArray() || java.util.Collection.class.isAssignableFrom(type))) return Text.of("problem.body.array");
        return Text.of("problem.body.object");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
        return invalid(Text.of("problem.pathParameter", ex.getName()), List.of(FieldProblem.of(ex.getName(),
                words(ex.getRequiredType() == null ? Text.of("field.valid") : expected(ex.getRequiredType())))));
    }

    /**
     * A refusal of a feature ({@link ProblemException}): the problem it describes (status, type, title, detail, the
     * invalid fields, more members and headers), in the request's language. This handler knows no feature.
     */
    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> refused(ProblemException ex, jakarta.servlet.http.HttpServletRequest request) {
        java.util.Locale language = Text.requestLanguage();
        HttpStatus status = HttpStatus.valueOf(ex.status(request.getMethod()));
        if (status.is5xxServerError()) {
            log.warn("{}: {}", ex.getClass().getSimpleName(), ex.getMessage());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.detail().in(language));
        problem.setTitle(ex.title().in(language));
        if (ex.type() != null) {
            problem.setType(ex.type());
        }
        if (ex.listsErrors()) {
            problem.setProperty("errors", ex.fields().stream().map(f -> FieldProblem.of(f.field(), f.message(language))).toList());
        }
        ex.properties(language).forEach(problem::setProperty);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        ex.headers().forEach((name, value) -> answer.header(name, value));
        return answer.body(problem);
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
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) return Text.of("field.array");
        if (type.isEnum()) return Text.of("field.oneOf", java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).toList());
        return Text.of("field.object");
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
