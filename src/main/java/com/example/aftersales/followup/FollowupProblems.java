package com.example.aftersales.followup;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.example.aftersales.followup.FollowupExceptions.ImpossibleSequence;
import com.example.aftersales.followup.FollowupExceptions.InvalidInput;
import com.example.aftersales.followup.FollowupExceptions.OrderNotFound;
import com.example.aftersales.text.Text;

/**
 * The follow-up's own refusals, in the same problem+json shape as the rest of the API (web.ProblemHandler), in the
 * request's language.
 */
@RestControllerAdvice(basePackageClasses = FollowupProblems.class)
class FollowupProblems {

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInput ex) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, Text.of("problem.invalid"), ex.text());
        problem.setType(URI.create("/problems/invalid-request"));
        problem.setProperty("errors", EventRefusal.of(ex, Text.requestLanguage()).orElseThrow().errors());
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(ImpossibleSequence.class)
    ProblemDetail impossible(ImpossibleSequence ex) {
        return problem(HttpStatus.CONFLICT, Text.of("followup.impossible"), ex.text());
    }

    @ExceptionHandler(OrderNotFound.class)
    ProblemDetail orderNotFound(OrderNotFound ex) {
        return problem(HttpStatus.NOT_FOUND, Text.of("followup.orderNotFound.title"), ex.text());
    }

    private static ProblemDetail problem(HttpStatus status, Text title, Text detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail.inRequestLanguage());
        problem.setTitle(title.inRequestLanguage());
        return problem;
    }
}
