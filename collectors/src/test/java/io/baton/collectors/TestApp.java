package io.baton.collectors;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A bare Boot application around the collectors' auto-configurations, for tests with a real server. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApp {
}
