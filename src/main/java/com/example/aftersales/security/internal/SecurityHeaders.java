package com.example.aftersales.security.internal;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The headers every answer carries, API and console alike, on top of Spring Security's defaults (no caching,
 * {@code X-Content-Type-Options: nosniff}, HSTS over HTTPS):
 * <ul>
 * <li>a Content-Security-Policy that lets a page run and style only what the service serves as files: no inline
 * script, event handler, {@code javascript:} address or style attribute, nothing from elsewhere, no framing;</li>
 * <li>no framing ({@code X-Frame-Options: DENY}, for browsers without {@code frame-ancestors});</li>
 * <li>the address of a page is not sent to other sites ({@code Referrer-Policy: same-origin});</li>
 * <li>no camera, microphone, location and the like ({@code Permissions-Policy});</li>
 * <li>a window opened from elsewhere has no handle on a console window ({@code Cross-Origin-Opener-Policy}).</li>
 * </ul>
 * The console's scripts (htmx, ECharts, assets/console.js) are files; chart data is in HTML attributes; htmx is told
 * not to add its inline indicator style (layout.html), ECharts draws its tooltips on the canvas (console.js).
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    static final String PERMISSIONS_POLICY = String.join(", ",
            "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()",
            "midi=()", "magnetometer=()", "gyroscope=()", "accelerometer=()", "display-capture=()", "fullscreen=(self)");

    private SecurityHeaders() {
    }

    /** For {@code http.headers(SecurityHeaders::apply)} in each filter chain. */
    static void apply(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                .permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY))
                .crossOriginOpenerPolicy(coop -> coop.policy(CrossOriginOpenerPolicy.SAME_ORIGIN));
    }
}
