package com.example.aftersales.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.security.web.WebAttributes;

import com.example.aftersales.security.LoginLockedException;

/**
 * The sign-in page; the sign-in itself (POST /login) belongs to the security configuration. After a sign-in refused
 * for too many failures ({@code ?locked}) the page says how long to wait, answered 429 with Retry-After.
 */
@Controller
class LoginController {

    private final Clock clock;
    private final MessageSource messages;

    LoginController(Clock clock, MessageSource messages) {
        this.clock = clock;
        this.messages = messages;
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        HttpSession session = request.getSession(false);
        if (request.getParameter("locked") != null && session != null
                && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof LoginLockedException locked) {
            Duration wait = Duration.between(clock.instant(), locked.until());
            if (!wait.isNegative() && !wait.isZero()) {
                long seconds = LoginLockedException.secondsUntil(wait);
                response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                response.setHeader("Retry-After", Long.toString(seconds));
                model.addAttribute("lockWait", seconds < 120
                        ? messages.getMessage("login.wait.seconds", new Object[] {seconds}, locale)
                        : messages.getMessage("login.wait.minutes", new Object[] {(seconds + 59) / 60}, locale));
            }
        }
        return "login";
    }
}
