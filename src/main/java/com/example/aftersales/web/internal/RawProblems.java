package com.example.aftersales.web.internal;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.text.Text;

/**
 * problem+json written straight to the response, for refusals answered outside a controller's reach (the firewall,
 * multipart parsing before any handler is chosen), in the same shape as {@link ProblemHandler}'s.
 */
final class RawProblems {

    static final URI INVALID_REQUEST = URI.create("/problems/invalid-request");

    private RawProblems() {
    }

    /** The API's addresses answer problem+json; the console's answer pages. */
    static boolean api(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri == null) return false;
        String path = uri.substring(request.getContextPath() == null ? 0 : request.getContextPath().length());
        return path.equals("/api") || path.startsWith("/api/") || path.startsWith("/actuator") || path.startsWith("/v3/api-docs");
    }

    static ProblemDetail problem(HttpStatus status, Text title, Text detail, Locale language) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail.in(language));
        problem.setTitle(title.in(language));
        return problem;
    }

    static void write(HttpServletRequest request, HttpServletResponse response, JsonMapper json, ProblemDetail problem,
                      Locale language) throws IOException {
        if (problem.getInstance() == null && request.getRequestURI() != null) {
            try {
                problem.setInstance(URI.create(request.getRequestURI()));
            } catch (IllegalArgumentException notAUri) {
                // an address the firewall refused may not even be a URI: the problem goes without it
            }
        }
        if (problem.getProperties() == null || !problem.getProperties().containsKey("errors")) {
            problem.setProperty("errors", List.of());
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Language", language.toLanguageTag());
        json.writeValue(response.getOutputStream(), problem);
    }
}
