/**
 * The web console for quality managers and analysts: server-rendered pages under {@code /console} over the
 * rulesets, cases and replays. Its controllers call the features' services directly, never the HTTP API.
 */
package com.example.aftersales.console;
