package com.example.aftersales;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ActiveProfiles;

import com.example.aftersales.followup.FollowupProperties;
import com.example.aftersales.security.internal.RoleHierarchyConfig;
import com.example.aftersales.text.LanguageProperties;
import com.example.aftersales.web.internal.HttpProperties;
import com.example.aftersales.web.internal.WebConfig;

/**
 * A controller test without a database: Spring's MVC slice ({@code @WebMvcTest}) with the service's own web layer —
 * its problem+json handling, strict JSON and parameter checks, language resolution, the console's advice and role
 * hierarchy — around the named controllers, and the real beans they use (no mocks: a controller that needs the
 * database is tested with the whole application instead). Access rules are not part of the slice (they need the
 * accounts in the database): {@code AccessControlTest} checks them on the whole application; requests here carry a
 * user with {@code SecurityMockMvcRequestPostProcessors.user(..)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@Import({WebConfig.class, RoleHierarchyConfig.class})
@EnableConfigurationProperties({LanguageProperties.class, HttpProperties.class, FollowupProperties.class})
@ActiveProfiles("test")
public @interface ControllerSlice {

    /** The controllers under test (and the beans to build them from, e.g. a plain service of their own). */
    @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
    Class<?>[] value() default {};
}
