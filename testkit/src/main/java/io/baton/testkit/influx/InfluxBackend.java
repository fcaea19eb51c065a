package io.baton.testkit.influx;

/** One way of running a throwaway InfluxDB 1.x server: a local {@code influxd} or a Docker container. */
interface InfluxBackend extends AutoCloseable {

    /** Starts the server (again, on the same port and data, after {@link #stop()}) and returns once /ping answers. */
    void start();

    /** Stops the server and waits until it has exited; its data stays for the next {@link #start()}. */
    void stop();

    /** The base URL, e.g. {@code http://127.0.0.1:41234}; stable across stop and start. */
    String url();

    /** Stops the server for good and removes its data. */
    @Override
    void close();
}
