/**
 * Baton's InfluxDB schema in one place: the measurement, tag and field names ({@link Measurements},
 * {@link Tags}, {@link Fields}), line building and escaping ({@link LineProtocol}, {@link Lines}), and the
 * InfluxQL queries that the usage report ({@link ReportQueries}) and the Grafana dashboard
 * ({@link DashboardQueries}) depend on. Every writer and reader takes its names from here, so a renamed
 * field is renamed everywhere at once, and the dashboard test fails rather than the dashboard.
 */
package io.baton.engine.schema;
