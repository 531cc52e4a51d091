package com.example.aftersales.console.internal;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the signed-in person may do, for every console page: controls are shown only to those who may use them
 * ({@code ${may.activate}}, {@code ${may.draft}}, {@code ${may.replay}}), following the security configuration's matrix
 * (administrators hold every role through the role hierarchy).
 */
@ControllerAdvice(basePackageClasses = ConsoleRoles.class)
class ConsoleRoles {

    /** The console's permissions of one person. */
    record May(Set<String> roles) {
        /** Request, approve, reject activations and roll backs. */
        public boolean activate() {
            return roles.contains("QUALITY_MANAGER");
        }

        /** Upload drafts, accept scenarios. */
        public boolean draft() {
            return roles.contains("QUALITY_MANAGER") || roles.contains("RULE_AUTHOR");
        }

        /** Start impacts and replays, cancel them. */
        public boolean replay() {
            return roles.contains("QUALITY_MANAGER") || roles.contains("ANALYST");
        }

        /** Start and stop shadow runs. */
        public boolean shadow() {
            return roles.contains("QUALITY_MANAGER") || roles.contains("ANALYST");
        }

        /** See shadow runs (the console's navigation shows them). */
        public boolean seeShadow() {
            return shadow() || roles.contains("AUDITOR");
        }

        /** Record follow-up events. */
        public boolean recordEvents() {
            return roles.contains("QUALITY_MANAGER");
        }
    }

    private final RoleHierarchy hierarchy;

    ConsoleRoles(RoleHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    @ModelAttribute("may")
    May may(Authentication authentication) {
        return of(hierarchy, authentication);
    }

    static May of(RoleHierarchy hierarchy, Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return new May(Set.of());
        }
        return new May(hierarchy.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                .map(GrantedAuthority::getAuthority).filter(a -> a != null && a.startsWith("ROLE_"))
                .map(a -> a.substring(5)).collect(Collectors.toUnmodifiableSet()));
    }
}
