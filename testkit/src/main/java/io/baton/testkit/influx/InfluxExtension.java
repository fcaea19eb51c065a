package io.baton.testkit.influx;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(InfluxExtension.class)}: gives test methods, {@code @BeforeEach} methods and constructors an
 * {@link InfluxServer} parameter, one server per test class, started before each test and removed after the class.
 */
public final class InfluxExtension implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(InfluxExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == InfluxServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        InfluxServer server = server(context);
        server.start();
        return server;
    }

    private static InfluxServer server(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().get();
        }
        // closed by JUnit (AutoCloseable) when the class context ends
        return classContext.getStore(NS).computeIfAbsent("server", k -> InfluxServer.perClass(), InfluxServer.class);
    }
}
