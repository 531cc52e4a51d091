package com.example.aftersales.evidence;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.example.aftersales.text.Text;

/** The evidence endpoints' refusals, as problem+json in the request's language, every bad field named. */
@RestControllerAdvice(basePackageClasses = EvidenceProblems.class)
class EvidenceProblems {

    @ExceptionHandler(EvidenceExceptions.Refusal.class)
    ResponseEntity<ProblemDetail> refused(EvidenceExceptions.Refusal ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(ex.status()), ex.text().inRequestLanguage());
        problem.setTitle(ex.title().inRequestLanguage());
        if (ex.status() == 400) {
            problem.setType(URI.create("urn:problem:aftersales:invalid-request"));
        } else if (ex instanceof EvidenceExceptions.Damaged) {
            problem.setType(URI.create("urn:problem:aftersales:evidence-damaged"));
        }
        if (!ex.errors().isEmpty()) {
            List<Map<String, String>> errors = ex.errors().stream()
                    .map(f -> Map.of("field", f.field(), "message", f.message().in(Text.requestLanguage()))).toList();
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
