package io.baton.app.security;

import io.baton.app.config.BatonProperties;
import io.baton.collectors.ingest.IngestAuthority;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Roles: OPS may do everything; BILLING reads reports; CUSTOMER sees and scales its own pools within
 * its quota (checked in the controllers). Line-protocol ingest has its own token, and the health
 * check and the console's page, scripts and styles are open (their data needs a token). Every answer carries a
 * Content-Security-Policy ({@link #CONTENT_SECURITY_POLICY}). In the {@code prod} profile Baton refuses to start
 * without operator, billing and ingest tokens, or with weak ones ({@link ProdProfileRules}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
    /**
     * The console's scripts and styles come from Baton itself, never inline; it talks only to Baton's API.
     * Report downloads are handed to the browser as blob URLs.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    SecurityConfiguration(BatonProperties props, Environment env) {
        if (Arrays.asList(env.getActiveProfiles()).contains("prod")) {
            List<String> problems = ProdProfileRules.problems(props, env.getProperty("baton.ingest.token", ""));
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Baton refuses to start in the prod profile:\n  " + String.join("\n  ", problems));
            }
        }
    }

    /** Ingest tokens: {@code baton.ingest.token} for any pool, each customer's {@code ingest-token} for its own pools. */
    @Bean
    IngestAuthority batonIngestAuthority(BatonProperties props, Environment env, io.baton.engine.catalog.PoolCatalog catalog) {
        return new CustomerIngestAuthority(env.getProperty("baton.ingest.token", ""), props, catalog);
    }

    @Bean
    SecurityFilterChain batonSecurity(HttpSecurity http, BatonProperties props) throws Exception {
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY)))
                .addFilterBefore(new TokenAuthenticationFilter(props), AuthorizationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> JsonErrors.write(res, 401, "a valid token is required (Authorization: Bearer <token>)"))
                        .accessDeniedHandler((req, res, ex) -> JsonErrors.write(res, 403, "this role may not do that")))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/", "/index.html", "/pools/*", "/decisions", "/rules", "/usage", "/console/**", "/webjars/**",
                                "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/write", "/api/v2/write", "/api/v1/write", "/ping", "/query").permitAll()
                        .requestMatchers("/actuator/**").hasRole(Caller.OPS)
                        .requestMatchers("/api/rules", "/api/rules/**").hasRole(Caller.OPS)
                        .requestMatchers("/api/reports", "/api/reports/**").hasAnyRole(Caller.OPS, Caller.BILLING)
                        .requestMatchers(HttpMethod.GET, "/api/pools", "/api/pools/**", "/api/decisions").hasAnyRole(Caller.OPS, Caller.CUSTOMER)
                        .requestMatchers(HttpMethod.POST, "/api/pools/*/scale").hasAnyRole(Caller.OPS, Caller.CUSTOMER)
                        .requestMatchers(HttpMethod.GET, "/api/usage", "/api/usage/**").hasAnyRole(Caller.OPS, Caller.BILLING, Caller.CUSTOMER)
                        .requestMatchers(HttpMethod.GET, "/api/customers/*/budget").hasAnyRole(Caller.OPS, Caller.BILLING, Caller.CUSTOMER)
                        .requestMatchers(HttpMethod.GET, "/api/me", "/api/leader").authenticated()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").authenticated()
                        .anyRequest().hasRole(Caller.OPS));
        return http.build();
    }

    /** No user store: tokens only. Declared so that Boot does not create a default user with a generated password. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }
}
