package com.example.aftersales.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first administrator, created at the first start when no user exists yet.
 *
 * @param adminUsername its user name
 * @param adminPassword its password (environment: {@code AFTERSALES_SECURITY_ADMIN_PASSWORD}); when not set, a random
 *                      one is generated and printed once in the log
 */
@ConfigurationProperties("aftersales.security")
record SecurityProperties(@DefaultValue("admin") String adminUsername, String adminPassword) {
}
