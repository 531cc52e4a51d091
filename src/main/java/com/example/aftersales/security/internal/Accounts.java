package com.example.aftersales.security.internal;

import com.example.aftersales.security.Role;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people who log in and the API keys systems send. Passwords are kept as BCrypt hashes; an API key is shown once
 * when issued and kept as the SHA-256 hash of its (random, 256-bit) secret, found by its public prefix.
 */
@Component
public class Accounts implements UserDetailsService {

    /** A verified key is trusted this long before it is looked up again: a revocation reaches other instances within it. */
    static final long KEY_CACHE_NANOS = 5_000_000_000L;
    static final String KEY_START = "ask_";

    public record User(long id, String username, Set<Role> roles, boolean enabled, OffsetDateTime createdAt,
                       String createdBy) {
    }

    public record ApiKey(long id, String name, String prefix, Set<Role> roles, OffsetDateTime createdAt,
                         String createdBy, OffsetDateTime revokedAt, String revokedBy) {
    }

    /** A newly issued key: the only time its secret is seen. */
    public record IssuedKey(ApiKey key, String secret) {
    }

    /** The principal of a request made with an API key. */
    public record KeyHolder(long id, String name, Set<Role> roles) {
    }

    private record Cached(KeyHolder holder, long until) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();

    Accounts(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    // --- people ---------------------------------------------------------------------------------------------

    @Transactional
    public User createUser(String username, String password, Set<Role> roles, String by) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            jdbc.sql("""
                            insert into app_user (username, password_hash, roles, enabled, created_at, created_by)
                            values (?, ?, ?, true, ?, ?)""")
                    .params(username, passwords.encode(password), join(roles), now, by).update();
        } catch (DuplicateKeyException e) {
            throw new AccountConflictException(username);
        }
        long id = jdbc.sql("select id from app_user where username = ?").param(username).query(Long.class).single();
        return new User(id, username, EnumSet.copyOf(roles), true, now, by);
    }

    public List<User> users() {
        return jdbc.sql("select * from app_user order by username").query((rs, n) -> new User(rs.getLong("id"),
                rs.getString("username"), split(rs.getString("roles")), rs.getBoolean("enabled"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"))).list();
    }

    public long userCount() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single();
    }

    /** Sets a login's password (kept as a BCrypt hash); the login's console sessions end. */
    public void setPassword(String username, String password) {
        if (jdbc.sql("update app_user set password_hash = ?, credential_epoch = credential_epoch + 1 where username = ?")
                .params(passwords.encode(password), username).update() == 0) {
            throw AccountNotFoundException.user(username);
        }
    }

    /** Whether the password is this login's current one. */
    public boolean passwordMatches(String username, String password) {
        return jdbc.sql("select password_hash from app_user where username = ?").param(username).query(String.class)
                .optional().map(hash -> passwords.matches(password, hash)).orElse(false);
    }

    /**
     * Enables or disables a login; a disabled user cannot log in but stays in the records, and its console sessions
     * end.
     */
    public void setEnabled(String username, boolean enabled) {
        if (jdbc.sql("""
                        update app_user set credential_epoch = case when enabled = ? then credential_epoch else credential_epoch + 1 end,
                                            enabled = ?
                         where username = ?""").params(enabled, enabled, username).update() == 0) {
            throw AccountNotFoundException.user(username);
        }
    }

    /** Gives a login these roles instead of its own; its console sessions end (they hold the roles of their sign-in). */
    public void setRoles(String username, Set<Role> roles) {
        if (jdbc.sql("update app_user set roles = ?, credential_epoch = credential_epoch + 1 where username = ?")
                .params(join(roles), username).update() == 0) {
            throw AccountNotFoundException.user(username);
        }
    }

    /**
     * Whether a session signed in under this epoch still stands: the login is enabled and has not changed its password
     * or roles since. One look-up by the unique user name.
     */
    public boolean isCurrent(String username, long epoch) {
        return jdbc.sql("select credential_epoch from app_user where username = ? and enabled").param(username)
                .query(Long.class).optional().map(current -> current == epoch).orElse(false);
    }

    /** A signed-in person: the epoch of the account when the password was checked (see {@link #isCurrent}). */
    public static final class Login extends org.springframework.security.core.userdetails.User {

        private final long epoch;

        Login(String username, String password, boolean enabled, Set<Role> roles, long epoch) {
            super(username, password, enabled, true, true, true, authorities(roles));
            this.epoch = epoch;
        }

        public long epoch() {
            return epoch;
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("select username, password_hash, roles, enabled, credential_epoch from app_user where username = ?")
                .param(username)
                .query((rs, n) -> new Login(rs.getString("username"), rs.getString("password_hash"),
                        rs.getBoolean("enabled"), split(rs.getString("roles")), rs.getLong("credential_epoch")))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException(username));
    }

    // --- API keys --------------------------------------------------------------------------------------------

    @Transactional
    public IssuedKey issueKey(String name, Set<Role> roles, String by) {
        byte[] prefixBytes = new byte[6];
        byte[] secretBytes = new byte[32];
        random.nextBytes(prefixBytes);
        random.nextBytes(secretBytes);
        String prefix = HexFormat.of().formatHex(prefixBytes);
        String key = KEY_START + prefix + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                        insert into api_key (name, prefix, key_hash, roles, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(name, prefix, sha256(key), join(roles), now, by).update();
        long id = jdbc.sql("select id from api_key where prefix = ?").param(prefix).query(Long.class).single();
        return new IssuedKey(new ApiKey(id, name, prefix, EnumSet.copyOf(roles), now, by, null, null), key);
    }

    public List<ApiKey> keys() {
        return jdbc.sql("select * from api_key order by created_at desc, id desc").query((rs, n) -> new ApiKey(
                rs.getLong("id"), rs.getString("name"), rs.getString("prefix"), split(rs.getString("roles")),
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"),
                rs.getObject("revoked_at", OffsetDateTime.class), rs.getString("revoked_by"))).list();
    }

    /** Revokes a key: it is refused from now on (on other instances within five seconds). */
    public ApiKey revoke(long id, String by) {
        int updated = jdbc.sql("update api_key set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null")
                .params(OffsetDateTime.now(clock), by, id).update();
        verified.values().removeIf(c -> c.holder().id() == id);
        ApiKey key = keys().stream().filter(k -> k.id() == id).findFirst()
                .orElseThrow(() -> AccountNotFoundException.key(id));
        if (updated == 0 && key.revokedAt() == null) {
            throw AccountNotFoundException.key(id);
        }
        return key;
    }

    /** The holder of a presented key, if the key is known and not revoked. */
    public Optional<KeyHolder> authenticate(String presented) {
        if (presented == null || !presented.startsWith(KEY_START) || presented.length() > 200) {
            return Optional.empty();
        }
        String hash = sha256(presented);
        Cached cached = verified.get(hash);
        long now = System.nanoTime();
        if (cached != null && now - cached.until() < 0) {
            return Optional.of(cached.holder());
        }
        int dot = presented.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String prefix = presented.substring(KEY_START.length(), dot);
        Optional<KeyHolder> holder = jdbc.sql("select id, name, key_hash, roles from api_key where prefix = ? and revoked_at is null")
                .param(prefix)
                .query((rs, n) -> MessageDigest.isEqual(rs.getString("key_hash").getBytes(), hash.getBytes())
                        ? new KeyHolder(rs.getLong("id"), rs.getString("name"), split(rs.getString("roles"))) : null)
                .optional();
        holder.ifPresentOrElse(h -> verified.put(hash, new Cached(h, now + KEY_CACHE_NANOS)), () -> verified.remove(hash));
        return holder;
    }

    static List<SimpleGrantedAuthority> authorities(Set<Role> roles) {
        return roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
    }

    private static String join(Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("at least one role is needed");
        }
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    private static Set<Role> split(String roles) {
        return Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
