package io.baton.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The sample tokens the prod profile refuses are exactly the defaults config/application.yml ships. */
class ProdProfileRulesTest {

    @Test
    void theRefusedSampleTokensAreTheShippedDefaults() throws IOException {
        String yml = Files.readString(Path.of("../config/application.yml"));
        Matcher m = Pattern.compile("(?m)^\\s*(?:token|ingest-token|ops-token|billing-token):\\s*\\$\\{[A-Z_]+:([^}]*)}").matcher(yml);
        Set<String> shipped = new HashSet<>();
        while (m.find()) if (!m.group(1).isEmpty()) shipped.add(m.group(1));
        assertThat(shipped).isNotEmpty();
        assertThat(ProdProfileRules.SAMPLE_TOKENS).containsExactlyInAnyOrderElementsOf(shipped);
    }
}
