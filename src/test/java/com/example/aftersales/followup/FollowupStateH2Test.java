package com.example.aftersales.followup;

import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/** The follow-up state on the embedded default, H2 (in memory here). */
@WithMockUser(username = "li.wei", roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class FollowupStateH2Test extends FollowupStateContract {
}
