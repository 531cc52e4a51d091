package com.example.aftersales.security.internal;

import static com.example.aftersales.security.Role.ADMIN;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;

import com.example.aftersales.security.Role;

/**
 * ADMIN may do what every other role may. A configuration of its own, apart from {@link SecurityConfig} (which needs
 * the accounts in the database), so that a controller slice test can take the same hierarchy the console uses.
 */
@Configuration(proxyBeanMethods = false)
public class RoleHierarchyConfig {

    @Bean
    static RoleHierarchy roleHierarchy() {
        RoleHierarchyImpl.Builder builder = RoleHierarchyImpl.withDefaultRolePrefix();
        for (Role role : Role.values()) {
            if (role != ADMIN) {
                builder = builder.role(ADMIN.name()).implies(role.name());
            }
        }
        return builder.build();
    }
}
