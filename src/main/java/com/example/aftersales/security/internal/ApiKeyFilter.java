package com.example.aftersales.security.internal;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A system's request carries its key in {@code X-API-Key}; the request then acts as {@code key:<name>} with the
 * key's roles. An unknown or revoked key is answered 401 at once, even where no role is needed.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final Accounts accounts;
    private final SecurityProblems problems;

    ApiKeyFilter(Accounts accounts, SecurityProblems problems) {
        this.accounts = accounts;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Accounts.KeyHolder> holder = accounts.authenticate(presented.trim());
        if (holder.isEmpty()) {
            problems.invalidKey(request, response);
            return;
        }
        Accounts.KeyHolder key = holder.get();
        var authentication = UsernamePasswordAuthenticationToken.authenticated("key:" + key.name(), null,
                Accounts.authorities(key.roles()));
        SecurityContextHolder.setContext(new SecurityContextImpl(authentication));
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
