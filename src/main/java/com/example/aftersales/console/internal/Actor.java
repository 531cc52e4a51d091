package com.example.aftersales.console.internal;

import java.security.Principal;

/** Who did something in the console: the signed-in person, or "console" while nobody signs in. */
final class Actor {

    static final String ANONYMOUS = "console";

    private Actor() {
    }

    static String name(Principal principal) {
        return principal == null || principal.getName() == null || principal.getName().isBlank()
                ? ANONYMOUS : principal.getName();
    }
}
