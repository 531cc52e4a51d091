package com.example.aftersales.web.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the HTTP layer.
 *
 * @param maxJsonBodySize the largest JSON request body taken (a case is about 2 KB); a larger one is refused with 413
 */
@ConfigurationProperties("aftersales.http")
public record HttpProperties(@DefaultValue("1MB") DataSize maxJsonBodySize) {
}
