package com.example.aftersales.security.internal;

import com.example.aftersales.security.LoginLockedException;
import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import org.springframework.web.servlet.LocaleResolver;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.text.Text;

/**
 * 401, 403 and 429 (sign-in locked, with Retry-After) on the API as {@code application/problem+json}, like every other
 * error; answered before Spring MVC, so the language is resolved here as Spring MVC would resolve it.
 */
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final JsonMapper json;
    private final LocaleResolver locales;

    SecurityProblems(JsonMapper json, LocaleResolver locales) {
        this.json = json;
        this.locales = locales;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof LoginLockedException locked) {
            long seconds = locked.retryAfterSeconds();
            response.setHeader("Retry-After", Long.toString(seconds));
            write(request, response, HttpStatus.TOO_MANY_REQUESTS, "/problems/sign-in-locked",
                    Text.of("problem.signInLocked"), Text.of("problem.signInLocked.detail", waitInWords(seconds)));
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"aftersales\", ApiKey header=\"X-API-Key\"");
        write(request, response, HttpStatus.UNAUTHORIZED, "/problems/unauthenticated",
                Text.of("problem.unauthenticated"), Text.of("problem.unauthenticated.detail"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "/problems/forbidden",
                Text.of("problem.forbidden"), Text.of("problem.forbidden.detail", request.getMethod(), request.getRequestURI()));
    }

    void invalidKey(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
        write(request, response, HttpStatus.UNAUTHORIZED, "/problems/invalid-api-key",
                Text.of("problem.invalidApiKey"), Text.of("problem.invalidApiKey.detail"));
    }

    /** A wait in words: seconds under two minutes, else whole minutes (rounded up). */
    static Text waitInWords(long seconds) {
        if (seconds < 120) {
            return Text.of(seconds == 1 ? "wait.second" : "wait.seconds", seconds);
        }
        return Text.of("wait.minutes", (seconds + 59) / 60);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
                       Text title, Text detail) throws IOException {
        java.util.Locale language = locales.resolveLocale(request);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail.in(language));
        problem.setTitle(title.in(language));
        problem.setType(URI.create(type));
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader("Content-Language", language.toLanguageTag());
        json.writeValue(response.getOutputStream(), problem);
    }
}
