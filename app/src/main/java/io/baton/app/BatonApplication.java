package io.baton.app;

import io.baton.app.demo.DemoCommand;
import io.baton.backtestcli.BacktestCommand;
import io.baton.engine.cli.RulesCommand;
import io.baton.reportcli.ReportCommand;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Baton: {@code baton rules ...} (with {@code rules backtest}) and {@code baton report ...} run as commands without the service, the
 * client commands ({@code scale}, {@code pools}, {@code nodes}, {@code decisions}) talk to a running
 * service without loading Spring; anything else starts the service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BatonApplication {

    public static void main(String[] args) {
        if (args.length > 0 && io.baton.cli.Cli.handles(args[0])) System.exit(io.baton.cli.Cli.main(args)); // no Spring
        if (args.length > 0 && (args[0].equals("rules") || args[0].equals("report"))) quietLogging();
        if (args.length > 1 && args[0].equals("rules") && args[1].equals("backtest")) {
            System.exit(new BacktestCommand(System.out, System.err).run(Arrays.copyOfRange(args, 2, args.length)));
        }
        if (args.length > 0 && args[0].equals("rules")) {
            System.exit(new RulesCommand(System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("report")) {
            System.exit(ReportCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("demo")) {
            System.exit(DemoCommand.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(BatonApplication.class, args);
    }

    /** Commands print their own results; library logging below WARN would only bury them. */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            ctx.getLogger("org.drools").setLevel(Level.OFF); // its compile errors come out as FILE:LINE lines instead
            ctx.getLogger("org.kie").setLevel(Level.OFF);
        }
    }
}
