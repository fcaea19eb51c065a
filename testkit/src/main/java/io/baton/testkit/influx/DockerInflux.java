package io.baton.testkit.influx;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.InfluxDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * InfluxDB 1.8 in a Docker container through Testcontainers. The host port is fixed when the container is
 * created, so a stop and start through the Docker API keeps both the URL and the data.
 */
final class DockerInflux implements InfluxBackend {
    static final String IMAGE = "influxdb:1.8";
    private static final int INFLUX_PORT = 8086;

    private final int hostPort = FreePorts.pick();
    private InfluxDBContainer<?> container;
    private boolean running;
    private String host = "127.0.0.1";

    @Override
    public synchronized void start() {
        if (container == null) {
            container = new InfluxDBContainer<>(DockerImageName.parse(IMAGE))
                    .withAuthEnabled(false)
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                            new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(INFLUX_PORT))));
            container.start();
            host = container.getHost();
        } else if (!running) {
            DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
        }
        running = true;
        Ping.await(url(), Duration.ofSeconds(30), () -> true, () -> "container " + container.getContainerId());
    }

    @Override
    public synchronized void stop() {
        if (container == null || !running) return;
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
        running = false;
    }

    @Override
    public String url() {
        return "http://" + host + ":" + hostPort;
    }

    @Override
    public synchronized void close() {
        if (container != null) container.stop();
        container = null;
        running = false;
    }

    @Override
    public String toString() {
        return "docker " + IMAGE + " " + url();
    }
}
