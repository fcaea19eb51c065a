package io.baton.app;

import io.baton.app.demo.DemoCommand;
import io.baton.engine.cli.RulesCommand;
import io.baton.reportcli.ReportCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Baton: {@code baton rules ...} and {@code baton report ...} run as commands without the service;
 * anything else starts the service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BatonApplication {

    public static void main(String[] args) {
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
}
