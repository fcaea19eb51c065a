package io.baton.actuators.spring;

import io.baton.engine.catalog.CatalogListener;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.model.Pool;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * An actuator's own section of a catalog pool ({@code local.*}, {@code command.*}, {@code kubernetes.*}),
 * bound with Spring's binder, defaults and validation, as the YAML's keys were.
 */
public final class PoolSections {
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private PoolSections() { }

    /**
     * Binds {@code prefix} of {@code pool} to {@code type}, then {@code convert}s it.
     *
     * @throws IllegalArgumentException naming the pool and each bad key
     */
    public static <T, S> S bind(PoolSpec pool, String prefix, Class<T> type, Function<T, S> convert) {
        List<String> problems = new ArrayList<>();
        S out = bind(pool, prefix, type, convert, problems);
        if (!problems.isEmpty()) throw new IllegalArgumentException("pool " + pool.name() + ": " + String.join("; ", problems));
        return out;
    }

    /** As {@link #bind(PoolSpec, String, Class, Function)}, adding each problem to {@code problems} instead of throwing. */
    public static <T, S> S bind(PoolSpec pool, String prefix, Class<T> type, Function<T, S> convert, List<String> problems) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        pool.section(prefix).forEach((k, v) -> source.put(prefix + "." + k, v));
        try {
            T bound = new Binder(source).bindOrCreate(prefix, Bindable.of(type), new ValidationBindHandler(new SpringValidatorAdapter(VALIDATOR)));
            return convert.apply(bound);
        } catch (BindException e) {
            problems.add(describe(e));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return null;
    }

    /**
     * The catalog's pools of actuator {@code type} now, and from now on: {@code configure} with each pool of
     * the type added or changed, {@code forget} with each removed (or moved to another actuator).
     */
    public static List<Pool> follow(PoolCatalog catalog, String type, Consumer<Pool> configure, Consumer<String> forget) {
        catalog.onChange(new CatalogListener() {
            @Override public void changed(PoolSpec before, PoolSpec after) {
                if (after != null && type.equals(after.actuator())) configure.accept(after.toPool());
                else if (before != null && type.equals(before.actuator())) forget.accept(before.name());
            }
        });
        return catalog.pools().stream().filter(p -> type.equals(p.actuator())).map(PoolSpec::toPool).toList();
    }

    private static String describe(BindException e) {
        if (e.getCause() instanceof BindValidationException v) {
            List<String> out = new ArrayList<>();
            for (ObjectError err : v.getValidationErrors().getAllErrors()) {
                boolean rule = err.getCodes() != null && java.util.Arrays.stream(err.getCodes()).anyMatch(code -> code.startsWith("AssertTrue"));
                String field = err instanceof FieldError f && !rule ? err.getObjectName() + "." + kebab(f.getField()) : err.getObjectName();
                out.add(field + ": " + err.getDefaultMessage());
            }
            return String.join("; ", out);
        }
        Throwable c = e.getCause();
        String key = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
        String value = e.getProperty() != null ? " '" + e.getProperty().getValue() + "'" : "";
        String why = c != null && c.getCause() != null ? c.getCause().getMessage() : c != null ? c.getMessage() : e.getMessage();
        return key + ": bad value" + value + (why == null ? "" : " (" + why + ")");
    }

    private static String kebab(String field) { return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT); }
}
