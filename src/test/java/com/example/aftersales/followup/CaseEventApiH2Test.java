package com.example.aftersales.followup;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/** The case events on the embedded default, H2 (in memory here). */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class CaseEventApiH2Test extends CaseEventApiContract {
}
