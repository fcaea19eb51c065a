package io.baton.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line split into the command, its positional arguments and its {@code --options}. Only
 * arguments that start with {@code --} are options, so {@code -2} stays an amount. An option may take
 * its value as {@code --limit 5} or {@code --limit=5}.
 */
record Args(String command, List<String> positional, Map<String, String> values, Set<String> flags) {

    /** The options every command takes. */
    static final Set<String> GLOBAL_VALUES = Set.of("server", "token");
    static final Set<String> GLOBAL_FLAGS = Set.of("json", "help");

    /**
     * Parses {@code argv} (the command first) against the options the command takes besides the
     * global ones; anything else is a {@link CliException} of {@link Exit#USAGE} naming it.
     */
    static Args parse(String[] argv, Set<String> valueOptions, Set<String> flagOptions) {
        if (argv.length == 0) throw CliException.usage("no command given");
        List<String> positional = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int k = 1; k < argv.length; k++) {
            String a = argv[k];
            if (a.equals("-h")) a = "--help";
            if (!a.startsWith("--") || a.length() == 2) {
                positional.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
            if (GLOBAL_VALUES.contains(name) || valueOptions.contains(name)) {
                String v;
                if (eq >= 0) v = a.substring(eq + 1);
                else if (k + 1 < argv.length) v = argv[++k];
                else throw CliException.usage("option --" + name + " needs a value");
                values.put(name, v);
            } else if (GLOBAL_FLAGS.contains(name) || flagOptions.contains(name)) {
                if (eq >= 0) throw CliException.usage("option --" + name + " takes no value");
                flags.add(name);
            } else {
                throw CliException.usage("unknown option --" + name + " for '" + argv[0] + "'");
            }
        }
        return new Args(argv[0], List.copyOf(positional), Map.copyOf(values), Set.copyOf(flags));
    }

    boolean flag(String name) { return flags.contains(name); }

    String value(String name, String otherwise) { return values.getOrDefault(name, otherwise); }

    /** A whole-number option within {@code [min, max]}, or {@code otherwise} when it is not given. */
    int number(String name, int otherwise, int min, int max) {
        String v = values.get(name);
        if (v == null) return otherwise;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw CliException.usage("--" + name + " must be " + min + ".." + max + ", not " + v);
            return n;
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + name + " must be a whole number, not '" + v + "'");
        }
    }

    /** Exactly {@code n} positional arguments, or a usage error showing {@code synopsis}. */
    void expect(int n, String synopsis) {
        if (positional.size() != n) {
            throw CliException.usage((positional.size() < n ? "missing arguments" : "too many arguments: " + positional)
                    + "; usage: baton " + synopsis);
        }
    }
}
