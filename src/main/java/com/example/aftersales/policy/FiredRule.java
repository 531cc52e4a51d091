package com.example.aftersales.policy;

/** A rule that fired, and where it is written. */
public record FiredRule(String rule, String source) {
}
