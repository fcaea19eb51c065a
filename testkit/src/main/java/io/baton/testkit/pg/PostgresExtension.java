package io.baton.testkit.pg;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(PostgresExtension.class)}: gives {@code @BeforeAll}, {@code @BeforeEach} and test methods (and
 * constructors) a {@link PostgresServer} parameter. One server per test class: started when first asked for, kept in
 * the class's {@link ExtensionContext.Store} and closed (stopped, its files deleted) when the class is done. A test
 * that stops, crashes or pauses it should start or resume it again before it ends.
 *
 * <p>When PostgreSQL is not installed, resolving the parameter fails with a message naming the Debian package: the
 * tests fail, they are not skipped.
 */
public final class PostgresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The server of the test class {@code context} belongs to, started on first use. */
    public static PostgresServer server(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        // closed by JUnit (an AutoCloseable in the store) when the class context ends
        return classContext.getStore(NS).computeIfAbsent("server", k -> PostgresServer.start(), PostgresServer.class);
    }
}
