package com.example.aftersales.web;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class WebConfig {

    /** Wall-clock time for record timestamps only; rules never read it (they use the case's receivedAt). */
    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Bean
    OpenAPI aftersalesOpenApi() {
        return new OpenAPI().info(new Info().title("Aftersales Decision Service")
                .description("Evaluates product-quality complaint cases against the after-sales policy and records every decision with its reason, clause and source.")
                .version("1"));
    }
}
