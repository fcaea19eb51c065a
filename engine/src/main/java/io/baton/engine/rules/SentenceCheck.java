package io.baton.engine.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The check of {@link RuleMode#SENTENCES}: the directory holds {@code .dslr} policies and, at most, the
 * shipped {@code baton.dsl} unchanged; every line of a rule's {@code when} and {@code then} is one of
 * the shipped sentences, so no DRL (and no Java) can come in through a policy. Outside rules only the
 * package line, the model import, the expander line, rule names, a few attributes and comments may
 * appear.
 */
final class SentenceCheck {
    static final String SHIPPED_DSL = "baton.dsl";
    private static final Pattern HEADER = Pattern.compile(
            "package [A-Za-z_][A-Za-z0-9_.]*;?|import io\\.baton\\.engine\\.model\\.\\*;?|expander baton\\.dsl|rule \"[^\"]+\"|when|then|end"
                    + "|salience -?\\d+|no-loop( true| false)?|enabled (true|false)");
    private final String shipped;
    private final List<Pattern> when = new ArrayList<>();
    private final List<Pattern> then = new ArrayList<>();

    SentenceCheck() {
        try (InputStream in = SentenceCheck.class.getResourceAsStream("shipped/" + SHIPPED_DSL)) {
            if (in == null) throw new IllegalStateException("the shipped " + SHIPPED_DSL + " is missing from the classpath");
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : shipped.split("\n")) {
            String l = line.strip();
            boolean w = l.startsWith("[when][]");
            if (!w && !l.startsWith("[then][]")) continue;
            String sentence = l.substring("[when][]".length(), l.indexOf('='));
            (w ? when : then).add(toPattern(sentence));
        }
    }

    /** A placeholder's value: a word, a number, a time (08:00) or a zone (Europe/Berlin); never quotes, spaces or parentheses. */
    private static final String VALUE = "[A-Za-z0-9_.:/+\\-]+";
    /** The value of {@code {days}}: day names separated by commas or "and". */
    private static final String DAYS = "[A-Za-z]+(?:(?:, ?| and )[A-Za-z]+)*";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)(?::[^}]*)?}");

    /** A sentence with {@code {placeholders}} as a pattern where each placeholder is a plain value (see {@link #VALUE}). */
    private static Pattern toPattern(String sentence) {
        StringBuilder re = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(sentence);
        int at = 0;
        while (m.find()) {
            re.append(Pattern.quote(sentence.substring(at, m.start())));
            re.append(m.group(1).equals("days") ? DAYS : VALUE);
            at = m.end();
        }
        re.append(Pattern.quote(sentence.substring(at)));
        return Pattern.compile(re.toString().replace("\\Q\\E", ""));
    }

    /** The errors of {@code files} under sentences mode: one per file, the first. */
    List<RuleError> check(Map<String, String> files) {
        List<RuleError> errors = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            String name = f.getKey();
            if (name.endsWith(".drl")) {
                errors.add(new RuleError(name, 0, "baton.rules.mode is sentences: plain DRL is not accepted, write the policy as a .dslr"));
            } else if (name.endsWith(".dsl")) {
                if (!name.equals(SHIPPED_DSL) || !f.getValue().strip().equals(shipped.strip())) {
                    errors.add(new RuleError(name, 0, "baton.rules.mode is sentences: only the shipped baton.dsl, unchanged, is accepted"));
                }
            } else if (DecisionTable.isTable(name)) {
                RuleError e = checkTable(name, f.getValue());
                if (e != null) errors.add(e);
            } else {
                RuleError e = checkPolicy(name, f.getValue());
                if (e != null) errors.add(e);
            }
        }
        return errors;
    }

    /** Baton's own tables make only the DRL of their columns; a Drools-format table holds any DRL. */
    private static RuleError checkTable(String name, String content) {
        try {
            if (!DecisionTable.isDroolsFormat(name, content)) return null;
        } catch (DecisionTable.TableError e) {
            return new RuleError(name, e.row, e.getMessage());
        }
        return new RuleError(name, 0, "baton.rules.mode is sentences: a Drools-format decision table holds DRL, use the columns "
                + String.join(" | ", DecisionTable.COLUMNS));
    }

    private RuleError checkPolicy(String name, String text) {
        String[] lines = text.split("\n", -1);
        List<Pattern> section = null;
        for (int i = 0; i < lines.length; i++) {
            String l = stripComment(lines[i]).strip();
            if (l.isEmpty()) continue;
            if (l.equals("when")) section = when;
            else if (l.equals("then")) section = then;
            else if (l.equals("end") || l.startsWith("rule ")) section = null;
            if (HEADER.matcher(l).matches()) continue;
            if (section != null && section.stream().anyMatch(p -> p.matcher(l).matches())) continue;
            return new RuleError(name, i + 1, "baton.rules.mode is sentences: \"" + l + "\" is not one of the shipped sentences");
        }
        return null;
    }

    static String stripComment(String line) {
        String l = line.strip();
        if (l.startsWith("#") || l.startsWith("//")) return "";
        int c = l.indexOf(" //");
        return c >= 0 ? l.substring(0, c) : l;
    }
}
