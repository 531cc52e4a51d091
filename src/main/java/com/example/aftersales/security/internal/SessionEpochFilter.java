package com.example.aftersales.security.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a console session whose account changed since its sign-in (disabled, password set or changed, roles changed):
 * each request of a signed-in person compares the account's epoch in the database with the one the session signed in
 * under, so a change made on any instance ends the session at its next request. The session is invalidated and the
 * browser sent to the login page, which says why.
 */
class SessionEpochFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SessionEpochFilter.class);

    private final Accounts accounts;
    private final SecurityContextLogoutHandler logout = new SecurityContextLogoutHandler();

    SessionEpochFilter(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.getPrincipal() instanceof Accounts.Login login
                && !accounts.isCurrent(login.getUsername(), login.epoch())) {
            logout.logout(request, response, signedIn);
            log.info("Ended a console session of '{}': the account was disabled or its password or roles changed",
                    login.getUsername());
            response.sendRedirect(request.getContextPath() + "/login?expired");
            return;
        }
        chain.doFilter(request, response);
    }
}
