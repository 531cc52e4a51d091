package com.example.aftersales.web.internal;

import java.io.IOException;
import java.security.Principal;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.fileupload.InvalidFileNameException;
import org.apache.tomcat.util.http.fileupload.MultipartStream.IllegalBoundaryException;
import org.apache.tomcat.util.http.fileupload.MultipartStream.MalformedStreamException;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.text.Text;

/**
 * A multipart/form-data body the server cannot parse — a control character in a file name, no boundary in the
 * Content-Type, a body cut short — is the sender's mistake: 400 in words on every upload address (the API's drafts,
 * replays and imports as problem+json, the console's forms as its error page), never a 500. Spring wraps the parser's
 * failure; its cause or the request's Content-Type says which. An upload over the size limit is 413 in words.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MalformedUploads {

    private final JsonMapper json;
    private final LocaleResolver locales;
    private final MessageSource messages;

    MalformedUploads(JsonMapper json, LocaleResolver locales, MessageSource messages) {
        this.json = json;
        this.locales = locales;
        this.messages = messages;
    }

    /** Spring wraps the parser's failure in a MultipartException: the cause, or the Content-Type, says which. */
    @ExceptionHandler(MultipartException.class)
    ModelAndView malformed(MultipartException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidFileNameException name) {
                String file = name.getName() == null ? "" : name.getName();
                return answer(HttpStatus.BAD_REQUEST, Text.of("problem.upload.fileName", visible(file), controls(file)), request, response);
            }
            if (t instanceof MalformedStreamException || t instanceof IllegalBoundaryException) {
                return answer(HttpStatus.BAD_REQUEST, Text.of("problem.upload.broken"), request, response);
            }
        }
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/")) {
            return answer(HttpStatus.BAD_REQUEST, Text.of("problem.upload.notMultipart"), request, response);
        }
        if (!type.contains("boundary=")) {
            return answer(HttpStatus.BAD_REQUEST, Text.of("problem.upload.noBoundary"), request, response);
        }
        return answer(HttpStatus.BAD_REQUEST, Text.of("problem.upload.broken"), request, response);
    }

    /** Over spring.servlet.multipart.max-file-size or max-request-size: 413 in words. */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Text detail = e.getMaxUploadSize() > 0 ? Text.of("problem.upload.tooLarge.detail", Math.max(1, e.getMaxUploadSize() >> 20))
                : Text.of("problem.upload.tooLarge.unknown");
        return answer(HttpStatus.CONTENT_TOO_LARGE, detail, request, response);
    }

    private ModelAndView answer(HttpStatus status, Text detail, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Locale language = locales.resolveLocale(request);
        if (RawProblems.api(request)) {
            ProblemDetail problem = RawProblems.problem(status, Text.of(status == HttpStatus.BAD_REQUEST ? "problem.upload" : "problem.upload.tooLarge"), detail, language);
            if (status == HttpStatus.BAD_REQUEST) problem.setType(RawProblems.INVALID_REQUEST);
            RawProblems.write(request, response, json, problem, language);
            return null; // answered
        }
        ModelAndView page = new ModelAndView("console/error", status);
        page.addObject("status", status.value());
        page.addObject("title", messages.getMessage("error.title." + status.value(), null,
                messages.getMessage("error.title.400", null, String.valueOf(status.value()), language), language));
        page.addObject("detail", detail.in(language));
        page.addObject("path", request.getRequestURI());
        Principal principal = request.getUserPrincipal();
        page.addObject("currentUser", principal == null ? null : principal.getName());
        return page;
    }

    /** The name with its control characters shown as U+XXXX, so the person sees which file it is. */
    static String visible(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) out.append(String.format("U+%04X", c));
            else out.appendCodePoint(c);
        });
        return out.toString();
    }

    private static String controls(String name) {
        return name.codePoints().filter(Character::isISOControl).distinct().limit(5)
                .mapToObj(c -> String.format("U+%04X", c)).collect(java.util.stream.Collectors.joining(", "));
    }
}
