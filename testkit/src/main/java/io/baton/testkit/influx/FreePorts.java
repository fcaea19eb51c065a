package io.baton.testkit.influx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Picks ports that are free right now on the loopback interface. */
public final class FreePorts {
    /** Linux's ephemeral range starts here by default ({@code net.ipv4.ip_local_port_range}). */
    static final int EPHEMERAL_START = 32768;
    private static final int LOW = 15000;
    private static final int TRIES = 200;

    private FreePorts() { }

    /** A port nobody listens on at the moment of the call. */
    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /**
     * A random port below the ephemeral range that nobody listens on at the moment of the call. Use it for a
     * server that is stopped and started again on the same port: an ephemeral port can meanwhile be taken as the
     * local end of some outgoing connection, a port below the range cannot.
     */
    public static int pickBelowEphemeral() {
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, EPHEMERAL_START);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another one
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + (EPHEMERAL_START - 1) + " after " + TRIES + " tries");
    }
}
