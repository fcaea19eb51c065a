package io.baton.engine.rules;

import io.baton.engine.model.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values in the sentences of the policy language that Drools would take without a word but that
 * cannot work: an unknown time zone, a time such as 25:00, an empty window (08:00 to 08:00), an
 * unknown day, a percent outside 1-1000, a target of 0, a window or size that is not a whole number.
 * Checked before the rules are built, on {@code rules validate} and on every reload, so a bad value is
 * refused as {@code FILE:LINE: message} and the running rules stay. One error per file, the first.
 */
final class PolicyCheck {
    private static final String NUMBER = "-?\\d+(\\.\\d+)?";
    private static final Pattern SCHEDULE = Pattern.compile("it is (.+?) between (\\S+) and (\\S+) in (\\S+)");
    private static final Pattern PERCENT = Pattern.compile(
            "add (\\S+) percent more nodes|remove (\\S+) percent of the nodes|keep CPU of the pool near (\\S+) percent"
                    + "|memory of the pool is (?:above|below) (\\S+) percent for \\S+ minutes");
    private static final Pattern RATE_TARGET = Pattern.compile("keep request rate of the pool near (\\S+) per node");
    private static final Pattern SIZE = Pattern.compile("keep at least (\\S+) nodes|set the pool to (\\S+) nodes");
    private static final Pattern SECONDS = Pattern.compile("\\S+ of the pool is (?:above|below) \\S+ for (\\S+) seconds");
    private static final Pattern MINUTES = Pattern.compile(
            "average \\S+ of the pool over (\\S+) minutes is (?:above|below) \\S+|(?:memory|request rate) of the pool is (?:above|below) .+ for (\\S+) minutes");

    private PolicyCheck() { }

    /** The errors of the {@code .dslr} files among {@code files} (name to content). */
    static List<RuleError> check(Map<String, String> files) {
        List<RuleError> errors = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (!f.getKey().endsWith(".dslr")) continue;
            String[] lines = f.getValue().split("\n", -1);
            boolean inRule = false;
            for (int i = 0; i < lines.length; i++) {
                String l = SentenceCheck.stripComment(lines[i]).strip();
                if (l.equals("when") || l.equals("then")) inRule = true;
                else if (l.equals("end") || l.startsWith("rule ")) inRule = false;
                if (!inRule || l.isEmpty()) continue;
                String problem = problem(l);
                if (problem != null) {
                    errors.add(new RuleError(f.getKey(), i + 1, problem));
                    break;
                }
            }
        }
        return errors;
    }

    /** What is wrong with one sentence, or null. */
    static String problem(String line) {
        Matcher m = SCHEDULE.matcher(line);
        if (m.matches()) {
            try {
                Schedule.parse(m.group(1), m.group(2), m.group(3), m.group(4));
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        if ((m = PERCENT.matcher(line)).matches()) {
            String pct = first(m);
            if (!pct.matches(NUMBER)) return "not a number of percent: '" + pct + "'";
            double v = Double.parseDouble(pct);
            if (line.startsWith("keep ") && v <= 0) return "a target of " + pct + " percent cannot be tracked: give a target above 0";
            if (v < 1 || v > 1000) return "a percent must be from 1 to 1000, got " + pct;
            return null;
        }
        if ((m = RATE_TARGET.matcher(line)).matches()) {
            String v = m.group(1);
            if (!v.matches(NUMBER)) return "not a number: '" + v + "'";
            return Double.parseDouble(v) > 0 ? null : "a target of " + v + " per node cannot be tracked: give a target above 0";
        }
        if ((m = SIZE.matcher(line)).matches()) {
            String n = first(m);
            return n.matches("\\d{1,6}") ? null : "a number of nodes is a whole number from 0, got '" + n + "'";
        }
        if ((m = SECONDS.matcher(line)).matches() || (m = MINUTES.matcher(line)).matches()) {
            String w = first(m);
            return w.matches("\\d{1,6}") && Integer.parseInt(w) > 0 ? null : "a window is a whole number above 0, got '" + w + "'";
        }
        return null;
    }

    private static String first(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) if (m.group(g) != null) return m.group(g);
        return "";
    }
}
