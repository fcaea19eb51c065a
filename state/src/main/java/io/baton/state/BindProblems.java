package io.baton.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/** What a failed bind of a pool's keys says, one problem per bad key, keys spelt as the YAML spells them. */
public final class BindProblems {
    private BindProblems() { }

    /**
     * Each problem of {@code e}, joined with "; ": a validation error as {@code key: message} (a class-level rule, an
     * {@code @AssertTrue}, names the object only), a value that does not convert as {@code key: bad value 'v' (why)}.
     *
     * @param root the name bound under, left off the front of each key ({@code pool.min} is {@code min}); null keeps it
     */
    public static String describe(BindException e, String root) {
        Throwable c = e.getCause();
        if (c instanceof BindValidationException v) {
            List<String> out = new ArrayList<>();
            for (ObjectError err : v.getValidationErrors().getAllErrors()) {
                boolean rule = err.getCodes() != null && Arrays.stream(err.getCodes()).anyMatch(code -> code.startsWith("AssertTrue"));
                String field = err instanceof FieldError f && !rule ? err.getObjectName() + "." + kebab(f.getField()) : err.getObjectName();
                String key = root == null ? field : field.replaceFirst("^" + Pattern.quote(root) + "\\.?", "");
                out.add(key.isEmpty() ? err.getDefaultMessage() : key + ": " + err.getDefaultMessage());
            }
            return String.join("; ", out);
        }
        String key = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
        String value = e.getProperty() != null ? " '" + e.getProperty().getValue() + "'" : "";
        String why = c != null && c.getCause() != null ? c.getCause().getMessage() : c != null ? c.getMessage() : e.getMessage();
        return (root == null ? key : key.replaceFirst("^" + Pattern.quote(root) + "\\.", "")) + ": bad value" + value + (why == null ? "" : " (" + why + ")");
    }

    /** {@code maxStep} as the YAML spells it, {@code max-step}. */
    static String kebab(String field) { return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT); }
}
