package com.example.aftersales;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Fails when one feature reaches into another's internals or features depend on each other in a cycle. */
class ModularityTests {

    @Test
    void modulesRespectTheirBorders() {
        ApplicationModules.of(AftersalesApplication.class).verify();
    }
}
