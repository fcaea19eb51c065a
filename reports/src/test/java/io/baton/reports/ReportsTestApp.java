package io.baton.reports;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest Boot application around the reports auto-configuration, for tests. */
@SpringBootApplication
class ReportsTestApp {
}
