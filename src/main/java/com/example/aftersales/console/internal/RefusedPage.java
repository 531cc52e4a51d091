package com.example.aftersales.console.internal;

import java.security.Principal;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A console action refused by the security rules, said in words on a console page (status 403 kept): the role it
 * needs, or a form whose security token was missing or had expired. The access-denied handler forwards here.
 */
@Controller
class RefusedPage {

    private final MessageSource messages;

    RefusedPage(MessageSource messages) {
        this.messages = messages;
    }

    @RequestMapping("/refused")
    ModelAndView refused(HttpServletRequest request) {
        Object cause = request.getAttribute(org.springframework.security.web.WebAttributes.ACCESS_DENIED_403);
        String key = cause instanceof org.springframework.security.web.csrf.CsrfException
                ? "error.refused.form" : "error.refused.role";
        var locale = RequestContextUtils.getLocale(request);
        Object path = request.getAttribute(jakarta.servlet.RequestDispatcher.FORWARD_REQUEST_URI);
        ModelAndView page = new ModelAndView("console/error", HttpStatus.FORBIDDEN);
        page.addObject("status", 403);
        page.addObject("title", messages.getMessage("error.title.403", null, "403", locale));
        page.addObject("detail", messages.getMessage(key, null, key, locale));
        page.addObject("path", path == null ? request.getRequestURI() : path);
        Principal principal = request.getUserPrincipal();
        page.addObject("currentUser", principal == null ? null : principal.getName());
        return page;
    }
}
