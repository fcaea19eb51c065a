package io.baton.actuators.command;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What the command actuator runs for a pool ({@code baton.pools.<name>.command.*}). Each action is a
 * shell command run with {@code sh -c}; when {@code webhookUrl} is set, actions without a command are
 * POSTed to it as JSON instead.
 *
 * @param provision command that adds the nodes named in {@code BATON_NODES}
 * @param deprovision command that removes the nodes named in {@code BATON_NODES}
 * @param replace command that replaces {@code BATON_NODE} by {@code BATON_NODES}; when empty, provision then deprovision
 * @param status command that prints the pool's nodes, one {@code <id> <state> [address]} per line
 * @param webhookUrl URL that receives a JSON POST per action (2xx = success)
 * @param timeout bound on one command or call
 * @param maxAttempts attempts per action (the first included); 4xx answers are not retried
 * @param retryBackoff wait before the second attempt, doubled for each further one
 * @param dryRun log and record what would be done, run nothing
 * @param passEnv variables of Baton's environment the commands also get, beyond the allow-list of
 *                {@link io.baton.actuators.env.ChildEnvironment} (never Baton's own {@code BATON_*})
 */
public record CommandSettings(String provision, String deprovision, String replace, String status, URI webhookUrl,
                              Duration timeout, int maxAttempts, Duration retryBackoff, boolean dryRun, List<String> passEnv) {

    /** Settings that pass no extra variable. */
    public CommandSettings(String provision, String deprovision, String replace, String status, URI webhookUrl,
                           Duration timeout, int maxAttempts, Duration retryBackoff, boolean dryRun) {
        this(provision, deprovision, replace, status, webhookUrl, timeout, maxAttempts, retryBackoff, dryRun, List.of());
    }

    public CommandSettings {
        provision = blankToNull(provision);
        deprovision = blankToNull(deprovision);
        replace = blankToNull(replace);
        status = blankToNull(status);
        if (provision == null && deprovision == null && webhookUrl == null) {
            throw new IllegalArgumentException("command actuator needs command.provision/deprovision or command.webhook-url");
        }
        if (webhookUrl != null && !("http".equals(webhookUrl.getScheme()) || "https".equals(webhookUrl.getScheme()))) {
            throw new IllegalArgumentException("command.webhook-url must be http(s), got " + webhookUrl);
        }
        timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("command.timeout must be positive");
        maxAttempts = maxAttempts < 1 ? 3 : maxAttempts;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(1) : retryBackoff;
        passEnv = passEnv == null ? List.of() : List.copyOf(passEnv);
        io.baton.actuators.env.ChildEnvironment.checkPassable(passEnv); // at start-up, not at the first command
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
