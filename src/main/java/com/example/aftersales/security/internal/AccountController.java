package com.example.aftersales.security.internal;

import com.example.aftersales.security.Role;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Access", description = "People, API keys and who you are")
class AccountController {

    private final Accounts accounts;

    AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    record Me(String name, List<String> roles) {
    }

    record NewUser(@NotNull @Pattern(regexp = "[A-Za-z0-9._@-]{1,100}", message = "1 to 100 letters, digits or . _ @ -") String username,
                   @NotNull @Size(min = 12, max = 200, message = "12 to 200 characters") String password,
                   @NotEmpty Set<@NotNull Role> roles) {
    }

    record NewKey(@NotNull @Pattern(regexp = "[A-Za-z0-9._ -]{1,100}", message = "1 to 100 letters, digits, spaces or . _ -") String name,
                  @NotEmpty Set<@NotNull Role> roles) {
    }

    record NewPassword(@NotNull @Size(min = 12, max = 200, message = "12 to 200 characters") String password) {
    }

    record NewRoles(@NotEmpty Set<@NotNull Role> roles) {
    }

    record PasswordChange(@NotNull String currentPassword,
                          @NotNull @Size(min = 12, max = 200, message = "12 to 200 characters") String newPassword) {
    }

    @PostMapping("/api/me/password")
    @Operation(summary = "Change your own password", description = "People only (not API keys); the current password is needed. Your console sessions end.")
    ResponseEntity<Void> changeOwnPassword(@Valid @RequestBody PasswordChange change, Authentication me) {
        if (me.getName().startsWith("key:") || !accounts.passwordMatches(me.getName(), change.currentPassword())) {
            throw new WrongPasswordException();
        }
        accounts.setPassword(me.getName(), change.newPassword());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/admin/users/{username}/password")
    @Operation(summary = "Set a person's password (a reset by the administrator)", description = "Their console sessions end.")
    ResponseEntity<Void> resetPassword(@PathVariable String username, @Valid @RequestBody NewPassword body) {
        accounts.setPassword(username, body.password());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/me")
    @Operation(summary = "Who the request acts as, and with which roles")
    Me me(Authentication authentication) {
        return new Me(authentication.getName(), authentication.getAuthorities().stream()
                .map(a -> a.getAuthority().replaceFirst("^ROLE_", "")).sorted().toList());
    }

    @GetMapping("/api/admin/users")
    @Operation(summary = "Every person who can log in")
    List<Accounts.User> users() {
        return accounts.users();
    }

    @PostMapping("/api/admin/users")
    @Operation(summary = "Create a login with its roles")
    ResponseEntity<Accounts.User> createUser(@Valid @RequestBody NewUser user, Principal by) {
        Accounts.User created = accounts.createUser(user.username(), user.password(), user.roles(), by.getName());
        return ResponseEntity.created(URI.create("/api/admin/users/" + created.username())).body(created);
    }

    @PostMapping("/api/admin/users/{username}/disable")
    @Operation(summary = "Stop a login (it stays in the records)", description = "Its console sessions end.")
    ResponseEntity<Void> disable(@PathVariable String username) {
        accounts.setEnabled(username, false);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/api/admin/users/{username}/roles")
    @Operation(summary = "Give a person these roles instead of their own", description = "Their console sessions end.")
    ResponseEntity<Void> setRoles(@PathVariable String username, @Valid @RequestBody NewRoles body) {
        accounts.setRoles(username, body.roles());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/admin/users/{username}/enable")
    @Operation(summary = "Allow a stopped login again")
    ResponseEntity<Void> enable(@PathVariable String username) {
        accounts.setEnabled(username, true);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/admin/api-keys")
    @Operation(summary = "Every API key, revoked ones too (never their secrets)")
    List<Accounts.ApiKey> keys() {
        return accounts.keys();
    }

    @PostMapping("/api/admin/api-keys")
    @Operation(summary = "Issue an API key for a system",
            description = "The answer holds the key's secret; it is shown only this once and stored only as a hash.")
    ResponseEntity<Accounts.IssuedKey> issue(@Valid @RequestBody NewKey key, Principal by) {
        Accounts.IssuedKey issued = accounts.issueKey(key.name(), key.roles(), by.getName());
        return ResponseEntity.created(URI.create("/api/admin/api-keys/" + issued.key().id())).body(issued);
    }

    @DeleteMapping("/api/admin/api-keys/{id}")
    @Operation(summary = "Revoke an API key", description = "Refused from now on; on other instances within 5 seconds.")
    Accounts.ApiKey revoke(@PathVariable long id, Principal by) {
        return accounts.revoke(id, by.getName());
    }
}
