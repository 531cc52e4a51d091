/**
 * Governed activation: a quality manager requests that a ruleset version decide, with a comment and — for a version
 * that never decided — its impact replay seen; a second quality manager approves (the version is then activated) or
 * rejects it (four eyes, {@code aftersales.rules.four-eyes}). A roll back to a version that decided before follows the
 * same rule, or the emergency path: at once, with a mandatory reason, recorded as an emergency.
 */
package com.example.aftersales.activation;
