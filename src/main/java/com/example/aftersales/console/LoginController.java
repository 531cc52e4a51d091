package com.example.aftersales.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; the sign-in itself (POST /login) belongs to the security configuration. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login() {
        return "login";
    }
}
