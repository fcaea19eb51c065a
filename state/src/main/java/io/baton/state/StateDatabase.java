package io.baton.state;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The shared database as the stores use it: templates with short timeouts, and its dialect. */
record StateDatabase(JdbcTemplate jdbc, TransactionTemplate tx, Dialect dialect) { }
