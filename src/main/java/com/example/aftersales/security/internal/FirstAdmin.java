package com.example.aftersales.security.internal;

import com.example.aftersales.security.Role;
import java.security.SecureRandom;
import java.util.EnumSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * At the first start (no user at all) creates the administrator: with the configured password, or with a random one
 * printed once in the log. There is never a fixed password in the code.
 */
@Component
@EnableConfigurationProperties(SecurityProperties.class)
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Accounts accounts;
    private final SecurityProperties properties;

    FirstAdmin(Accounts accounts, SecurityProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.userCount() > 0) {
            return;
        }
        String password = properties.adminPassword();
        boolean generated = password == null || password.isBlank();
        if (generated) {
            SecureRandom random = new SecureRandom();
            StringBuilder chars = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                chars.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            password = chars.toString();
        }
        try {
            accounts.createUser(properties.adminUsername(), password, EnumSet.of(Role.ADMIN), "first start");
        } catch (AccountConflictException e) {
            return; // another instance on the same database created it first
        }
        if (generated) {
            log.warn("""

                    ================================================================================
                     First start: created the administrator '{}' with the password

                         {}

                     It is shown only this once. Log in and create the people and API keys you need
                     (POST /api/admin/users, POST /api/admin/api-keys). To choose the password
                     instead, set AFTERSALES_SECURITY_ADMIN_PASSWORD before the first start.
                    ================================================================================""",
                    properties.adminUsername(), password);
        } else {
            log.info("First start: created the administrator '{}' with the configured password", properties.adminUsername());
        }
    }
}
