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

/** The follow-up's own refusals, in the same problem+json shape as the rest of the API (web.ProblemHandler). */
@RestControllerAdvice(basePackageClasses = FollowupProblems.class)
class FollowupProblems {

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInput ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid request");
        problem.setType(URI.create("urn:problem:aftersales:invalid-request"));
        problem.setProperty("errors", ex.errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(ImpossibleSequence.class)
    ProblemDetail impossible(ImpossibleSequence ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("Event not possible now");
        return problem;
    }

    @ExceptionHandler(OrderNotFound.class)
    ProblemDetail orderNotFound(OrderNotFound ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("Rectification order not found");
        return problem;
    }
}
