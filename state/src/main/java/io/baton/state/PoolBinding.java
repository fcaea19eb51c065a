package io.baton.state;

import io.baton.engine.catalog.PoolSpec;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Turns a pool's keys, flat and relative to the pool ({@code min}, {@code command.provision},
 * {@code local.jvm-options[0]}), into a {@link PoolSpec}: with the same binder, the same defaults and the
 * same validation for the YAML and for the API. Problems name their key.
 */
public final class PoolBinding {
    /** The sections a pool may have besides its own keys. */
    static final Set<String> SECTIONS = Set.of("local", "command", "kubernetes", "queries", "forecast");
    private static final Set<String> OWN = Set.of("customer", "service", "software", "actuator", "min", "max", "cores", "guardrails");
    private static final Set<String> GUARDRAILS = Set.of("scaleoutcooldown", "scaleinstabilization", "maxstep", "dryrun",
            "flapprotection", "unhealthythreshold", "maxreplacing");
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private PoolBinding() { }

    /** Keys or values a pool cannot have; each problem names its key. */
    public static final class InvalidPool extends IllegalArgumentException {
        private final List<String> problems;

        public InvalidPool(String pool, List<String> problems) {
            super("pool " + pool + ": " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        /** Each problem, naming its key relative to the pool. */
        public List<String> problems() { return problems; }
    }

    /**
     * Binds and validates one pool.
     *
     * @param strict refuse keys no pool has (the API); the YAML only warns of them, as Spring does
     * @throws InvalidPool naming each bad key
     */
    public static PoolSpec bind(String name, Map<String, String> keys, boolean strict) {
        List<String> problems = new ArrayList<>();
        if (name == null || !PoolSpec.NAME.matcher(name).matches()) {
            problems.add("name: must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
            throw new InvalidPool(String.valueOf(name), problems);
        }
        if (strict) problems.addAll(unknown(keys));
        String forecast = keys.get("forecast.mode");
        if (forecast != null && !Set.of("off", "forecast-only", "scale").contains(forecast)) {
            problems.add("forecast.mode: must be off, forecast-only or scale, got '" + forecast + "'");
        }
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        keys.forEach((k, v) -> source.put("pool." + k, v));
        PoolKeys k = null;
        try {
            k = new Binder(source).bindOrCreate("pool", Bindable.of(PoolKeys.class),
                    new ValidationBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(), new SpringValidatorAdapter(VALIDATOR)));
        } catch (BindException e) {
            problems.add(describe(e));
        }
        if (!problems.isEmpty()) throw new InvalidPool(name, problems);
        Map<String, String> settings = new TreeMap<>();
        keys.forEach((key, v) -> {
            if (SECTIONS.contains(first(key))) settings.put(key, v);
        });
        return new PoolSpec(name, k.customer(), k.service(), k.software(), k.actuator(), k.min(), k.max(), k.cores(),
                k.guardrails().settings(), settings);
    }

    /** The pools under {@code baton.pools} of the environment, each as flat keys relative to the pool. */
    public static Map<String, Map<String, String>> fromEnvironment(Environment env) {
        ResolvableType inner = ResolvableType.forClassWithGenerics(Map.class, String.class, String.class);
        ResolvableType outer = ResolvableType.forClassWithGenerics(Map.class, ResolvableType.forClass(String.class), inner);
        Map<String, Map<String, String>> bound = Binder.get(env).bind("baton.pools", Bindable.<Map<String, Map<String, String>>>of(outer))
                .orElse(Map.of());
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        bound.forEach((pool, keys) -> out.put(pool, new TreeMap<>(keys)));
        return out;
    }

    /** Nested JSON-like values (maps, lists, scalars) as flat keys: {@code {"command": {"provision": "x"}}} is {@code command.provision=x}. */
    public static Map<String, String> flatten(Map<String, ?> nested) {
        Map<String, String> out = new TreeMap<>();
        flatten("", nested, out);
        return out;
    }

    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) flatten(prefix + "[" + i + "]", l.get(i), out);
        } else if (value != null) {
            out.put(prefix, String.valueOf(value));
        }
    }

    /** Keys that are not a pool's: a typo such as {@code mni} or {@code guardrails.max-stp}. */
    static List<String> unknown(Map<String, String> keys) {
        List<String> out = new ArrayList<>();
        for (String key : keys.keySet()) {
            String top = first(key);
            if (top.equals("forecast")) {
                if (!normal(key).equals("forecast.mode")) out.add(key + ": the forecast section has one key, mode");
                continue;
            }
            if (SECTIONS.contains(top)) continue;
            if (!OWN.contains(top)) {
                out.add(key + ": no pool has this key (known: " + String.join(", ", OWN.stream().sorted().toList())
                        + ", and the sections " + SECTIONS.stream().sorted().toList() + ")");
            } else if (top.equals("guardrails")) {
                String sub = key.length() > "guardrails.".length() ? normal(key.substring("guardrails.".length())) : "";
                if (!GUARDRAILS.contains(sub)) out.add(key + ": no guardrail has this name");
            } else if (!normal(key).equals(top)) {
                out.add(key + ": " + top + " takes a value, not keys");
            }
        }
        return out;
    }

    private static String first(String key) {
        int dot = key.indexOf('.');
        int br = key.indexOf('[');
        int end = dot < 0 ? br : br < 0 ? dot : Math.min(dot, br);
        return normal(end < 0 ? key : key.substring(0, end));
    }

    private static String normal(String s) { return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT); }

    /** {@code maxStep} as the YAML spells it, {@code max-step}. */
    private static String kebab(String field) { return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT); }

    private static String describe(BindException e) {
        Throwable c = e.getCause();
        if (c instanceof BindValidationException v) {
            List<String> out = new ArrayList<>();
            for (ObjectError err : v.getValidationErrors().getAllErrors()) {
                boolean rule = err.getCodes() != null && java.util.Arrays.stream(err.getCodes()).anyMatch(code -> code.startsWith("AssertTrue"));
                String field = err instanceof FieldError f && !rule ? err.getObjectName() + "." + kebab(f.getField()) : err.getObjectName();
                String key = field.replaceFirst("^pool\\.?", "");
                out.add(key.isEmpty() ? err.getDefaultMessage() : key + ": " + err.getDefaultMessage());
            }
            return String.join("; ", out);
        }
        String key = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
        String value = e.getProperty() != null ? " '" + e.getProperty().getValue() + "'" : "";
        String why = c != null && c.getCause() != null ? c.getCause().getMessage() : c != null ? c.getMessage() : e.getMessage();
        return key.replaceFirst("^pool\\.", "") + ": bad value" + value + (why == null ? "" : " (" + why + ")");
    }
}
