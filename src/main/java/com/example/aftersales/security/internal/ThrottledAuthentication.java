package com.example.aftersales.security.internal;

import com.example.aftersales.security.LoginLockedException;
import java.time.Instant;

import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Sign-in with a name and password (HTTP Basic on the API, the login form in the console), refused for a while after
 * too many failures of the name or from the client address ({@link LoginThrottle}). The lock is looked up before the
 * password is checked, and answered the same for a name with no account: a lock says nothing of who exists. The
 * client address is the request's remote address: behind a proxy, set {@code server.forward-headers-strategy} so that
 * it is the client's and not the proxy's (and only then, since the headers are otherwise the client's to forge).
 */
@Component
class ThrottledAuthentication implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledAuthentication(Accounts accounts, PasswordEncoder encoder, LoginThrottle throttle) {
        this.passwords = new DaoAuthenticationProvider(accounts);
        this.passwords.setPasswordEncoder(encoder);
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String name = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        LoginThrottle.State state;
        try {
            state = throttle.state(name, address);
        } catch (DataAccessException e) {
            throw new InternalAuthenticationServiceException("sign-in state unavailable", e);
        }
        if (state.lockedUntil() != null) {
            throw new LoginLockedException(state.lockedUntil(), throttle.now());
        }
        Authentication result;
        try {
            result = passwords.authenticate(attempt);
        } catch (BadCredentialsException | AccountStatusException e) {
            // an unknown name, a wrong password and a disabled login count alike
            Instant lockedUntil = throttle.failed(name, address);
            if (lockedUntil != null) {
                throw new LoginLockedException(lockedUntil, throttle.now());
            }
            throw e;
        }
        if (state.nameHasFailures()) {
            throttle.succeeded(name);
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
