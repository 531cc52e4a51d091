package com.example.aftersales.console.internal;

import java.security.Principal;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

import jakarta.servlet.http.HttpServletRequest;

import com.example.aftersales.cases.CaseNotFoundException;
import com.example.aftersales.followup.EventRefusal;
import com.example.aftersales.policy.RuleCompilationException;
import com.example.aftersales.replay.InvalidReplayException;
import com.example.aftersales.replay.ReplayNotFoundException;
import com.example.aftersales.rulesets.InvalidRulesetException;
import com.example.aftersales.rulesets.RuleCodeForbiddenException;
import com.example.aftersales.rulesets.UnknownRulesetException;
import com.example.aftersales.text.TextException;

/**
 * For the console's pages: the signed-in person's name in every page's header, and every error as a page in words
 * (never a stack trace). Ordered before the API's problem+json handler, which answers for {@code /api}.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    private final MessageSource messages;
    private final java.time.ZoneId zone;

    ConsoleAdvice(MessageSource messages, com.example.aftersales.followup.FollowupProperties followup) {
        this.messages = messages;
        this.zone = followup.zone();
    }

    /** The codes' labels in the language of the request (Accept-Language). */
    @ModelAttribute("labels")
    Labels labels(Locale locale) {
        return new Labels(locale, zone);
    }

    /** The zone every time on the console is shown in: China time, whatever the server's own zone. */
    @ModelAttribute("consoleZone")
    java.time.ZoneId consoleZone() {
        return zone;
    }

    /** Times in the console's zone, the zone named, and money, in the request's language ({@code ${fmt.time(…)}}). */
    @ModelAttribute("fmt")
    Formats fmt(Locale locale) {
        return new Formats(locale, zone, messages);
    }

    @ModelAttribute("currentUser")
    String currentUser(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    /** A page the console does not have. */
    static final class PageNotFoundException extends RuntimeException {
        PageNotFoundException(String path) {
            super(path);
        }
    }

    @ExceptionHandler(PageNotFoundException.class)
    ModelAndView pageNotFound(PageNotFoundException e, HttpServletRequest request) {
        return page(HttpStatus.NOT_FOUND, text(request, "error.pageNotFound", e.getMessage()), request);
    }

    /** An unknown case, replay or ruleset version: its message names it. */
    @ExceptionHandler({CaseNotFoundException.class, ReplayNotFoundException.class, UnknownRulesetException.class})
    ModelAndView notFound(TextException e, HttpServletRequest request) {
        return page(HttpStatus.NOT_FOUND, words(e, request), request);
    }

    /** A search past its deadline (aftersales.search.timeout), stopped in the database. */
    @ExceptionHandler(com.example.aftersales.cases.SearchTimeoutException.class)
    ModelAndView searchStopped(com.example.aftersales.cases.SearchTimeoutException e, HttpServletRequest request,
                               jakarta.servlet.http.HttpServletResponse response) {
        response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
        return page(HttpStatus.SERVICE_UNAVAILABLE, words(e, request), request);
    }

    /** Governed activation refused: no comment, no impact yet, the same person approving, already decided. */
    @ExceptionHandler(com.example.aftersales.activation.ActivationRefusedException.class)
    ModelAndView activationRefused(com.example.aftersales.activation.ActivationRefusedException e, HttpServletRequest request) {
        return page(HttpStatus.valueOf(e.status()), words(e, request), request);
    }

    /** A shadow run refused: a field (400), no such run (404), not now (409). */
    @ExceptionHandler(com.example.aftersales.shadow.ShadowRefusedException.class)
    ModelAndView shadowRefused(com.example.aftersales.shadow.ShadowRefusedException e, HttpServletRequest request) {
        return page(HttpStatus.valueOf(e.status()), (e.field() == null ? "" : e.field() + ": ") + words(e, request), request);
    }

    @ExceptionHandler(InvalidRulesetException.class)
    ModelAndView invalidRuleset(InvalidRulesetException e, HttpServletRequest request) {
        return page(HttpStatus.CONFLICT, words(e, request), request);
    }

    /** Rule code uploaded by someone who may change data only: refused before anything was read or stored. */
    @ExceptionHandler(RuleCodeForbiddenException.class)
    ModelAndView ruleCodeForbidden(RuleCodeForbiddenException e, HttpServletRequest request) {
        return page(HttpStatus.FORBIDDEN, words(e, request), request);
    }

    @ExceptionHandler(InvalidReplayException.class)
    ModelAndView invalidReplay(InvalidReplayException e, HttpServletRequest request) {
        return page(HttpStatus.BAD_REQUEST, e.field() + ": " + words(e, request), request);
    }

    @ExceptionHandler(RuleCompilationException.class)
    ModelAndView ruleCompilation(RuleCompilationException e, HttpServletRequest request) {
        ModelAndView page = page(HttpStatus.UNPROCESSABLE_CONTENT, text(request, "error.rulesDoNotCompile"), request);
        page.addObject("ruleErrors", e.errors());
        return page;
    }

    @ExceptionHandler({BadInput.class, MethodArgumentTypeMismatchException.class, IllegalArgumentException.class,
            org.springframework.web.bind.MissingServletRequestParameterException.class,
            org.springframework.web.multipart.support.MissingServletRequestPartException.class,
            org.springframework.web.bind.MethodArgumentNotValidException.class,
            org.springframework.validation.BindException.class})
    ModelAndView badInput(Exception e, HttpServletRequest request) {
        String detail = e instanceof BadInput bad ? words(bad, request)
                : e instanceof MethodArgumentTypeMismatchException m
                ? text(request, "error.badValue", m.getName(), String.valueOf(m.getValue()))
                : e instanceof org.springframework.validation.BindException b && b.getFieldError() != null
                ? text(request, "error.badValue", b.getFieldError().getField(), String.valueOf(b.getFieldError().getRejectedValue()))
                : e instanceof org.springframework.web.bind.MissingServletRequestParameterException m
                ? text(request, "error.missing", m.getParameterName())
                : e instanceof org.springframework.web.multipart.support.MissingServletRequestPartException m
                ? text(request, "error.missing", m.getRequestPartName())
                : text(request, "error.badRequest"); // never the exception's own text: it names types and is English only
        return page(HttpStatus.BAD_REQUEST, detail, request);
    }

    @ExceptionHandler(org.springframework.web.HttpRequestMethodNotSupportedException.class)
    ModelAndView methodNotAllowed(Exception e, HttpServletRequest request) {
        return page(HttpStatus.METHOD_NOT_ALLOWED, text(request, "error.methodNotAllowed"), request);
    }

    /** Anything else: said in words, logged with a reference the person can quote. */
    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request) {
        var refusal = EventRefusal.of(e); // the follow-up's refusals (bad input 400, not found 404, not now 409)
        if (refusal.isPresent()) {
            ModelAndView page = page(HttpStatus.valueOf(refusal.get().status()), refusal.get().detail(), request);
            page.addObject("fieldErrors", refusal.get().errors());
            return page;
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("Console error {} on {} {}", reference, request.getMethod(), request.getRequestURI(), e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, text(request, "error.unexpected", reference), request);
    }

    private ModelAndView page(HttpStatus status, String detail, HttpServletRequest request) {
        ModelAndView page = new ModelAndView("console/error", status);
        page.addObject("status", status.value());
        page.addObject("title", text(request, "error.title." + status.value()));
        page.addObject("detail", detail);
        page.addObject("path", request.getRequestURI());
        Principal principal = request.getUserPrincipal();
        page.addObject("currentUser", principal == null ? null : principal.getName());
        page.addObject("fmt", new Formats(RequestContextUtils.getLocale(request), zone, messages)); // the header names the zone
        return page;
    }

    /** The error's words in the console's language. */
    private static String words(TextException e, HttpServletRequest request) {
        return e.text().in(RequestContextUtils.getLocale(request));
    }

    private String text(HttpServletRequest request, String key, Object... args) {
        return messages.getMessage(key, args, key, RequestContextUtils.getLocale(request));
    }
}
