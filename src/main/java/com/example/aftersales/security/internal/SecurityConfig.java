package com.example.aftersales.security.internal;

import com.example.aftersales.security.LoginLockedException;
import com.example.aftersales.security.Role;
import static com.example.aftersales.security.Role.ADMIN;
import static com.example.aftersales.security.Role.ANALYST;
import static com.example.aftersales.security.Role.AUDITOR;
import static com.example.aftersales.security.Role.MONITORING;
import static com.example.aftersales.security.Role.QUALITY_MANAGER;
import static com.example.aftersales.security.Role.RULE_AUTHOR;
import static com.example.aftersales.security.Role.SYSTEM;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import java.util.Arrays;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Nothing but health is open.
 * <ul>
 * <li>The API ({@code /api/**}, actuator, OpenAPI) is stateless: systems send an API key ({@code X-API-Key}),
 * people their user name and password (HTTP Basic). No session, so no CSRF token either.</li>
 * <li>Everything else (the console) is for people: a login form, a session, CSRF-protected forms.</li>
 * </ul>
 * The table below is the whole access matrix of the API; {@code ADMIN} holds every other role.
 */
@Configuration
class SecurityConfig {

    /** The filter chains, for the web application (a context without a web server has no requests to guard). */
    @Configuration
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Chains {

        /**
         * The console's static files (its own under /assets, webjars): open to all, with every header of
         * {@link SecurityHeaders} but the "no caching" default, so that their long Cache-Control (their addresses carry
         * a hash of their content, application.properties) reaches the browser. No session is made or read.
         */
        @Bean
        @Order(0)
        SecurityFilterChain assets(HttpSecurity http) throws Exception {
            http.securityMatcher("/assets/**", "/webjars/**")
                    .headers(headers -> SecurityHeaders.apply(headers.cacheControl(cache -> cache.disable())))
                    .csrf(csrf -> csrf.disable())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(cache -> cache.disable())
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }

        @Bean
        @Order(1)
        SecurityFilterChain api(HttpSecurity http, Accounts accounts, JsonMapper json,
                                org.springframework.web.servlet.LocaleResolver locales) throws Exception {
            SecurityProblems problems = new SecurityProblems(json, locales);
            http.securityMatcher("/api/**", "/actuator/**", "/v3/api-docs/**")
                    .headers(SecurityHeaders::apply)
                    .csrf(csrf -> csrf.disable())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(cache -> cache.disable())
                    .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                    .addFilterBefore(new ApiKeyFilter(accounts, problems), BasicAuthenticationFilter.class)
                    .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                    .authorizeHttpRequests(a -> a
                            .requestMatchers(GET, "/actuator/health", "/actuator/health/**").permitAll()
                            .requestMatchers(GET, "/actuator/prometheus").hasAnyRole(names(MONITORING))
                            .requestMatchers("/actuator/**").hasRole(ADMIN.name())
                            .requestMatchers(GET, "/v3/api-docs/**", "/api/me").authenticated()
                            // the glossary: labels of the codes, for every caller
                            .requestMatchers(GET, "/api/glossary", "/api/glossary/**").authenticated()
                            .requestMatchers(POST, "/api/me/password").authenticated()
                            .requestMatchers("/api/admin/**").hasRole(ADMIN.name())
                            // cases: systems record and evaluate them; analysts import history
                            .requestMatchers(POST, "/api/cases/import").hasAnyRole(names(ANALYST))
                            // import jobs: analysts start and cancel them; auditors read them
                            .requestMatchers(POST, "/api/imports").hasAnyRole(names(ANALYST))
                            .requestMatchers(DELETE, "/api/imports/*").hasAnyRole(names(ANALYST))
                            .requestMatchers(GET, "/api/imports/*").hasAnyRole(names(ANALYST, AUDITOR))
                            .requestMatchers(POST, "/api/cases", "/api/cases/*/evaluations", "/api/evaluate").hasAnyRole(names(SYSTEM))
                            .requestMatchers(POST, "/api/cases/*/events").hasAnyRole(names(SYSTEM, QUALITY_MANAGER))
                            // the case file (package evidence): systems and managers attach, managers remove, administrators
                            // purge; refused here, before the upload's body is read
                            .requestMatchers(POST, "/api/cases/*/evidence").hasAnyRole(names(SYSTEM, QUALITY_MANAGER))
                            .requestMatchers(POST, "/api/cases/*/evidence/*/removal").hasAnyRole(names(QUALITY_MANAGER))
                            .requestMatchers(POST, "/api/cases/*/evidence/*/purge").hasRole(ADMIN.name())
                            .requestMatchers(GET, "/api/cases/**").hasAnyRole(names(SYSTEM, QUALITY_MANAGER, ANALYST, AUDITOR))
                            // rulesets: authors and managers draft, managers activate
                            .requestMatchers(POST, "/api/rulesets/drafts", "/api/rulesets/*/scenarios/accept").hasAnyRole(names(QUALITY_MANAGER, RULE_AUTHOR))
                            .requestMatchers(POST, "/api/rulesets/*/activate", "/api/rulesets/reload").hasAnyRole(names(QUALITY_MANAGER))
                            // governed activation: managers request, another manager approves or rejects
                            .requestMatchers(POST, "/api/rulesets/*/activation-requests", "/api/rulesets/activation-requests/*/approve",
                                    "/api/rulesets/activation-requests/*/reject").hasAnyRole(names(QUALITY_MANAGER))
                            .requestMatchers(POST, "/api/rulesets/*/impact").hasAnyRole(names(QUALITY_MANAGER, ANALYST))
                            .requestMatchers(GET, "/api/rulesets/**").hasAnyRole(names(QUALITY_MANAGER, RULE_AUTHOR, ANALYST, AUDITOR))
                            // replays: analysts (and managers, for a draft's impact) run them; auditors read them
                            .requestMatchers(POST, "/api/replays/**").hasAnyRole(names(ANALYST, QUALITY_MANAGER))
                            .requestMatchers(DELETE, "/api/replays/**").hasAnyRole(names(ANALYST, QUALITY_MANAGER))
                            .requestMatchers(GET, "/api/replays/**").hasAnyRole(names(ANALYST, QUALITY_MANAGER, AUDITOR))
                            // shadow runs: quality managers and analysts start and stop them; auditors read them
                            .requestMatchers(POST, "/api/shadow-runs", "/api/shadow-runs/*/stop").hasAnyRole(names(QUALITY_MANAGER, ANALYST))
                            .requestMatchers(GET, "/api/shadow-runs", "/api/shadow-runs/**").hasAnyRole(names(QUALITY_MANAGER, ANALYST, AUDITOR))
                            // follow-up, orders, notices and reports: read by managers, analysts and auditors
                            .requestMatchers(GET, "/api/followup/**", "/api/rectification-orders/**", "/api/notices/**",
                                    "/api/reports/**").hasAnyRole(names(QUALITY_MANAGER, ANALYST, AUDITOR))
                            .anyRequest().hasRole(ADMIN.name()));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain console(HttpSecurity http, Accounts accounts) throws Exception {
            http.headers(SecurityHeaders::apply)
                    .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/console", false).permitAll()
                            .failureHandler(loginFailures()))
                    // a session ends when its account is disabled or its password or roles change (on any instance)
                    .addFilterBefore(new SessionEpochFilter(accounts), AnonymousAuthenticationFilter.class)
                    .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                    // a signed-in person refused (role, missing or stale form token): a page in words, still 403
                    .exceptionHandling(e -> e.accessDeniedHandler(refusedPage()))
                    .authorizeHttpRequests(a -> a
                            .requestMatchers("/login", "/error", "/favicon.ico", "/assets/**", "/webjars/**").permitAll()
                            // the pages the problem types of the API's errors lead to (contract.ProblemTypes): public docs
                            .requestMatchers(GET, "/problems", "/problems/*").permitAll()
                            // the page that says a refused action in words (the access-denied handler forwards there)
                            .requestMatchers(REFUSED).permitAll()
                            // the console: the same jobs as the API, for people
                            .requestMatchers(POST, "/console/rulesets/drafts", "/console/rulesets/*/scenarios/accept").hasAnyRole(names(QUALITY_MANAGER, RULE_AUTHOR))
                            .requestMatchers(POST, "/console/rulesets/*/activate", "/console/rulesets/*/activation-requests",
                                    "/console/rulesets/activation-requests/*/approve", "/console/rulesets/activation-requests/*/reject")
                                    .hasAnyRole(names(QUALITY_MANAGER))
                            .requestMatchers(POST, "/console/rulesets/*/impact").hasAnyRole(names(QUALITY_MANAGER, ANALYST))
                            .requestMatchers(POST, "/console/replays", "/console/replays/**").hasAnyRole(names(ANALYST, QUALITY_MANAGER))
                            .requestMatchers(POST, "/console/cases/*/events", "/console/cases/*/findings", "/console/cases/*/result-form").hasAnyRole(names(QUALITY_MANAGER))
                            .requestMatchers(POST, "/console/shadow-runs", "/console/shadow-runs/**").hasAnyRole(names(QUALITY_MANAGER, ANALYST))
                            .requestMatchers("/console/shadow-runs", "/console/shadow-runs/**").hasAnyRole(names(QUALITY_MANAGER, ANALYST, AUDITOR))
                            .requestMatchers(POST, "/console/cases/*/evidence", "/console/cases/*/evidence/*/removal").hasAnyRole(names(QUALITY_MANAGER))
                            .requestMatchers("/console", "/console/**").hasAnyRole(names(QUALITY_MANAGER, RULE_AUTHOR, ANALYST, AUDITOR))
                            .requestMatchers("/swagger-ui.html", "/swagger-ui/**").authenticated()
                            .anyRequest().hasRole(ADMIN.name()));
            return http.build();
        }
    }

    /** Where a refused console action is said in words (console.RefusedPage); permitted to all, so never refused itself. */
    static final String REFUSED = "/refused";

    private static org.springframework.security.web.access.AccessDeniedHandler refusedPage() {
        var handler = new org.springframework.security.web.access.AccessDeniedHandlerImpl();
        handler.setErrorPage(REFUSED);
        return handler;
    }

    /**
     * A refused sign-in goes back to the login page: {@code ?locked} (the lock kept in the session, for the page to say
     * how long to wait) after too many failures, {@code ?error} otherwise.
     */
    private static AuthenticationFailureHandler loginFailures() {
        var otherwise = new SimpleUrlAuthenticationFailureHandler("/login?error");
        return (request, response, e) -> {
            if (e instanceof LoginLockedException) {
                request.getSession().setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, e);
                response.sendRedirect(request.getContextPath() + "/login?locked");
            } else {
                otherwise.onAuthenticationFailure(request, response, e);
            }
        };
    }

    /**
     * No observation of Spring Security's filters, authentications or authorizations: without this bean every filter of
     * every chain is wrapped in an observing decorator that starts and stops a (no-op) observation around it, about 15
     * per request, although {@code management.observations.enable.spring.security=false} drops them all (issue 17:
     * a lean HTTP path). {@code http.server.requests} still times every request.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    private static String[] names(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }
}
