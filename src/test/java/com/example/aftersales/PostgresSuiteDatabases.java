package com.example.aftersales;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * In the PostgreSQL run ({@link PostgresSuite}), creates the database a context is about to use — its
 * {@code spring.datasource.url} as resolved, {@code aftersales.test.database} and {@code @DynamicPropertySource}
 * included — afresh, once per run, before any bean uses it. Registered for every Spring application the tests start
 * (test contexts and the instances tests start themselves) in src/test/resources/META-INF/spring.factories.
 */
public class PostgresSuiteDatabases implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!PostgresSuite.active()) {
            return;
        }
        // after every initializer (dynamic properties are added by one), before the first bean is made
        context.addBeanFactoryPostProcessor(beanFactory -> {
            String url = context.getEnvironment().getProperty("spring.datasource.url", "");
            String server = "jdbc:postgresql://127.0.0.1:5432/";
            if (url.startsWith(server + PostgresSuite.prefix())) {
                String name = url.substring(server.length()).replaceAll("[?;].*$", "");
                PostgresTestDatabase.freshOnce(name);
            } else if (url.startsWith("jdbc:h2:mem:")) {
                // a test of the PostgreSQL run that would quietly run on H2 again
                throw new IllegalStateException("The PostgreSQL run would start " + url + ": name the test's database with"
                        + " aftersales.test.database, not spring.datasource.url (docs/TESTING.md)");
            }
        });
    }
}
