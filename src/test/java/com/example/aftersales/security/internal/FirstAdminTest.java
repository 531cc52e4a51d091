package com.example.aftersales.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.example.aftersales.AftersalesApplication;

/** The first start creates the administrator with a random password printed once; never a fixed one. */
@ExtendWith(OutputCaptureExtension.class)
class FirstAdminTest {

    /** The password in the log, whether lines are plain text or JSON (where the line breaks are escaped). */
    private static final Pattern PRINTED = Pattern.compile("with the password(?:\\s|\\\\n)+([A-Za-z0-9]{20})(?:\\s|\\\\n)");

    @Test
    void theFirstStartPrintsARandomAdminPasswordOnceThatOpensTheAdminsLogin(CapturedOutput output) {
        String first = startAndStop("first", output);
        String second = startAndStop("second", output);
        assertThat(first).isNotEqualTo(second);
        assertThat(PRINTED.matcher(output.getAll()).results().count()).as("printed once per new database").isEqualTo(2);
    }

    private static String startAndStop(String database, CapturedOutput output) {
        SpringApplication app = new SpringApplication(AftersalesApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = app.run("--spring.profiles.active=test", "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:h2:mem:admin-" + database
                        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE")) {
            context.getBean(FirstAdmin.class).run(null); // a second start on the same database creates and prints nothing
            Matcher printed = PRINTED.matcher(output.getAll());
            String password = null;
            while (printed.find()) {
                password = printed.group(1);
            }
            assertThat(password).isNotNull();
            String hash = context.getBean(Accounts.class).loadUserByUsername("admin").getPassword();
            assertThat(hash).doesNotContain(password);
            assertThat(context.getBean(PasswordEncoder.class).matches(password, hash)).isTrue();
            return password;
        }
    }
}
