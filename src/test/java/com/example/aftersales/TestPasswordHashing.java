package com.example.aftersales;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The test applications hash new passwords with BCrypt at cost 4 instead of the shipped 10 (every application a test
 * JVM starts: src/test/resources/META-INF/spring.factories). Every sign-in and every API request with HTTP Basic
 * checks a password, at the shipped cost about a tenth of a second of CPU each (more in the test JVMs, which run C1
 * only), and the suite sends thousands. Hashes are still checked by the shipped encoder (BCrypt reads the cost from
 * the hash); the service as packaged (KillNineIT, the benchmarks) keeps cost 10.
 */
public class TestPasswordHashing implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final BCryptPasswordEncoder CHEAP = new BCryptPasswordEncoder(4);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof PasswordEncoder shipped && name.equals("passwordEncoder") ? new Cheap(shipped) : bean;
            }
        });
    }

    /** Encodes as the shipped encoder does ({bcrypt} …), at cost 4; matches with the shipped encoder. */
    private record Cheap(PasswordEncoder shipped) implements PasswordEncoder {
        @Override
        public String encode(CharSequence raw) {
            return "{bcrypt}" + CHEAP.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return shipped.matches(raw, encoded);
        }

        @Override
        public boolean upgradeEncoding(String encoded) {
            return false; // a hash of cost 4 is not to be upgraded to 10 in a test
        }
    }
}
