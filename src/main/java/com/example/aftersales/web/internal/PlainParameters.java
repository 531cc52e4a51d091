package com.example.aftersales.web.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.text.Text;

/**
 * A query parameter holding a control character (U+0000 to U+001F, U+007F to U+009F) is refused with 400 in words
 * before any handler: no filter of the API or the console means one, and PostgreSQL cannot even compare text with a
 * NUL in it (it answered 500). Bodies are checked by their own validation (JSON: {@code @PlainText}).
 */
@Component
class PlainParameters extends OncePerRequestFilter {

    private final JsonMapper json;
    private final LocaleResolver locales;

    PlainParameters(JsonMapper json, LocaleResolver locales) {
        this.json = json;
        this.locales = locales;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getQueryString() != null && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
            for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                for (String value : parameter.getValue()) {
                    int at = control(value);
                    if (at >= 0 || control(parameter.getKey()) >= 0) {
                        refuse(request, response, parameter.getKey(), at < 0 ? 0 : value.codePointAt(at), at);
                        return;
                    }
                }
            }
        }
        chain.doFilter(request, response);
    }

    private static int control(String value) {
        for (int i = 0; value != null && i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) return i;
        }
        return -1;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String name, int character, int position)
            throws IOException {
        String field = MalformedUploads.visible(name);
        String code = String.format("U+%04X", character);
        if (!RawProblems.api(request)) {
            response.sendError(HttpStatus.BAD_REQUEST.value()); // the console's error page
            return;
        }
        Locale language = locales.resolveLocale(request);
        ProblemDetail problem = RawProblems.problem(HttpStatus.BAD_REQUEST, Text.of("problem.invalid"),
                Text.of("problem.parameterControl", field, code), language);
        problem.setType(RawProblems.INVALID_REQUEST);
        problem.setProperty("errors", List.of(FieldProblem.of(field,
                Text.of("field.noControl", code, Math.max(position, 0)).in(language))));
        RawProblems.write(request, response, json, problem, language);
    }
}
