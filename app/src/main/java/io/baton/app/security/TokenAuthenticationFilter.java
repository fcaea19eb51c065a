package io.baton.app.security;

import io.baton.app.config.BatonProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns {@code Authorization: Bearer <token>} (or HTTP Basic with the token as password) into a
 * {@link Caller}. A token that matches nothing leaves the request anonymous, which protected
 * endpoints answer with 401. Tokens are compared in constant time.
 */
final class TokenAuthenticationFilter extends OncePerRequestFilter {
    private final BatonProperties props;

    TokenAuthenticationFilter(BatonProperties props) {
        this.props = props;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
        String token = token(req.getHeader("Authorization"));
        Caller caller = token == null ? null : resolve(token);
        if (caller != null) {
            var auth = new UsernamePasswordAuthenticationToken(caller, null, List.of(new SimpleGrantedAuthority("ROLE_" + caller.role())));
            SecurityContextHolder.getContext().setAuthentication(auth);
        }
        chain.doFilter(req, res);
    }

    static String token(String header) {
        if (header == null) return null;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) return header.substring(7).trim();
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private Caller resolve(String token) {
        if (same(token, props.security().opsToken())) return new Caller("ops", Caller.OPS, "");
        if (same(token, props.security().billingToken())) return new Caller("billing", Caller.BILLING, "");
        for (Map.Entry<String, BatonProperties.Customer> c : props.customers().entrySet()) {
            if (same(token, c.getValue().token())) return new Caller(c.getKey(), Caller.CUSTOMER, c.getKey());
        }
        return null;
    }

    private static boolean same(String given, String expected) {
        if (expected == null || expected.isEmpty()) return false;
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
