package com.example.aftersales.web.internal;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.text.Text;

/**
 * A Content-Type header the server cannot read is the sender's mistake, whatever the address: one that is not a media
 * type ({@code foo}, {@code multipart/form-data; boundary=}), a wildcard ({@code *}{@code /*}). Each is a 400 problem+json naming the header and what is wrong with it (the console: its error page)
 * before anything reads the body — Spring's parsers would otherwise fail on it with a 500 deep in a filter or an
 * argument resolver. Runs after Spring Security (a caller without a role learns nothing) and before
 * {@link JsonBodyLimit}; it reads the header only, never the body.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class ContentTypes extends OncePerRequestFilter {

    private final JsonMapper json;
    private final LocaleResolver locales;

    ContentTypes(JsonMapper json, LocaleResolver locales) {
        this.json = json;
        this.locales = locales;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Content-Type");
        Text wrong = header == null || header.isBlank() ? null : wrong(header);
        if (wrong == null) {
            chain.doFilter(request, response);
            return;
        }
        if (RawProblems.api(request)) {
            Locale language = locales.resolveLocale(request);
            ProblemDetail problem = RawProblems.problem(HttpStatus.BAD_REQUEST, Text.of("problem.contentType"), wrong, language);
            problem.setType(RawProblems.INVALID_REQUEST);
            RawProblems.write(request, response, json, problem, language);
        } else {
            response.sendError(HttpStatus.BAD_REQUEST.value()); // the console's error page (templates/error.html)
        }
    }

    /** What is wrong with the header, or null when it is a concrete media type Spring can read. */
    static Text wrong(String header) {
        String shown = MalformedUploads.visible(header.length() > 120 ? header.substring(0, 120) + "…" : header);
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (IllegalArgumentException notAMediaType) { // InvalidMediaTypeException and friends
            return Text.of("problem.contentType.notMediaType", shown);
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            return Text.of("problem.contentType.wildcard", shown);
        }
        // a multipart body without its boundary: where a body is parsed as parts, MalformedUploads answers (400 in words);
        // elsewhere Spring answers 415 (this address takes another type)
        return null;
    }
}
