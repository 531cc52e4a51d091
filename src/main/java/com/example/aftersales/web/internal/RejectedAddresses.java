package com.example.aftersales.web.internal;

import com.example.aftersales.text.LanguageProperties;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.LocaleResolver;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.text.Text;

/**
 * Addresses refused before any controller: path tricks ({@code //}, {@code ..}, {@code ;jsessionid=}, encoded
 * slashes, dots or percent signs, control characters) and errors Tomcat answers itself. On the API each is a 400
 * problem+json in words, on the console the console's error page; never Tomcat's HTML page with its version.
 * <ul>
 * <li>Spring Security's StrictHttpFirewall refuses most of them: {@link #requestRejectedHandler} answers.</li>
 * <li>Tomcat refuses some before Spring sees the request (an encoded {@code /} or {@code \}, {@code %00}, bytes that
 * are not UTF-8): its error report valve on the host is replaced by {@link ProblemValve}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class RejectedAddresses {

    private static final Logger log = LoggerFactory.getLogger(RejectedAddresses.class);

    /** Picked up by Spring Security's filter chain proxy (WebSecurity uses the context's RequestRejectedHandler). */
    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonMapper json, LocaleResolver locales) {
        return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) -> {
            log.debug("Refused address {}: {}", request.getRequestURI(), e.getMessage());
            if (RawProblems.api(request)) {
                Locale language = locales.resolveLocale(request);
                ProblemDetail problem = RawProblems.problem(HttpStatus.BAD_REQUEST, Text.of("problem.badAddress"),
                        Text.of("problem.badAddress.detail"), language);
                problem.setType(RawProblems.INVALID_REQUEST);
                RawProblems.write(request, response, json, problem, language);
            } else {
                response.sendError(HttpStatus.BAD_REQUEST.value()); // the console's error page (templates/error.html)
            }
        };
    }

    /** Runs after Spring Boot's own Tomcat customizer, which adds a plain ErrorReportValve to the host. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemValve(JsonMapper json,
            LanguageProperties language) {
        Locale fallback = language.defaultLocale();
        return factory -> factory.addContextCustomizers(context -> {
            if (!(context.getParent() instanceof StandardHost host)) {
                return;
            }
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ProblemValve)) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new ProblemValve(json, fallback));
            host.setErrorReportValveClass(ProblemValve.class.getName()); // so the host adds no default one
        });
    }

    /**
     * Tomcat's last word on an error nobody answered (Spring's error page handles all the others): problem+json on
     * the API, a short page in words elsewhere; no server name or version, no exception text.
     */
    static class ProblemValve extends ErrorReportValve {

        private final JsonMapper json;
        private final Locale fallback;

        /** For Tomcat's own instantiation by class name; not used while the customizer adds an instance. */
        public ProblemValve() {
            this(JsonMapper.shared(), Locale.SIMPLIFIED_CHINESE);
        }

        ProblemValve(JsonMapper json, Locale fallback) {
            this.json = json;
            this.fallback = fallback;
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            Locale language = language(request);
            HttpStatus known = HttpStatus.resolve(status);
            Text title = status == 400 ? Text.of("problem.badAddress") : Text.same(known == null ? String.valueOf(status) : known.getReasonPhrase());
            Text detail = status == 400 ? Text.of("problem.badAddress.detail") : Text.of("problem.error.detail", status);
            try {
                String body;
                if (api(request)) {
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail.in(language));
                    problem.setTitle(title.in(language));
                    if (status == 400) problem.setType(RawProblems.INVALID_REQUEST);
                    problem.setProperty("errors", java.util.List.of());
                    body = json.writeValueAsString(problem);
                    response.setContentType("application/problem+json");
                } else {
                    body = "<!DOCTYPE html><html lang=\"" + language.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>"
                            + status + "</title></head><body><main><h1>" + html(title.in(language)) + "</h1><p>"
                            + html(detail.in(language)) + "</p><p><a href=\"/console\">/console</a></p></main></body></html>";
                    response.setContentType("text/html");
                }
                response.setCharacterEncoding("utf-8");
                response.setHeader("Content-Language", language.toLanguageTag());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | RuntimeException e) {
                // the connection is gone or the response cannot take a body: nothing more to say
            }
        }

        /** The address as it came, undecoded: Tomcat may have refused to decode it. */
        private static boolean api(Request request) {
            String raw = request.getCoyoteRequest().requestURI().toString();
            String path = raw == null ? "" : raw.toLowerCase(Locale.ROOT);
            // no address at all: Tomcat refused the request line itself (a raw \ or space, say), which no browser sends
            return path.isEmpty() || path.startsWith("/api") || path.startsWith("/actuator") || path.startsWith("/v3/api-docs");
        }

        /** Accept-Language as the application reads it: Chinese for zh-*, English for en-*, else the default. */
        private Locale language(Request request) {
            for (java.util.Enumeration<Locale> e = request.getLocales(); request.getHeader("Accept-Language") != null && e.hasMoreElements(); ) {
                String lang = e.nextElement().getLanguage();
                if (lang.equals("zh")) return Locale.SIMPLIFIED_CHINESE;
                if (lang.equals("en")) return Locale.ENGLISH;
            }
            return fallback;
        }

        private static String html(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
