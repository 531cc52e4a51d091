package com.example.aftersales.cases.internal;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every log line of a case request carries the case's id (and, for a new case, its externalRef) in the MDC:
 * from the path, or set by {@link CaseController} once a new case has its id; cleared when the request ends.
 */
@Component
class CaseLogContext implements HandlerInterceptor, WebMvcConfigurer {

    static final String CASE_ID = "caseId";
    static final String EXTERNAL_REF = "externalRef";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/cases", "/api/cases/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("id") instanceof String id) {
            MDC.put(CASE_ID, id);
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        MDC.remove(CASE_ID);
        MDC.remove(EXTERNAL_REF);
    }
}
