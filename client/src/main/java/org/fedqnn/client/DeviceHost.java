package org.fedqnn.client;

import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The device process: M {@link DeviceSession}s in one JVM, each on its own thread, over one
 * shared plaintext channel or, under mutual TLS, each over its own channel with its own
 * certificate, sharing one {@link HostResources} (they take turns at computing). {@link #run()}
 * waits until every session has ended, shuts the channels down and returns the outcome with the
 * process exit code. Thread-safe: {@link #stop()} may be called from any thread (e.g. a
 * shutdown hook for Ctrl-C); {@link #run()} may be called once.
 */
public final class DeviceHost {

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final HostResources shared;
    private final List<DeviceSession> sessions = new ArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();

    /**
     * @param settings the devices to host and their deadlines
     * @param channel  the channel to the base station; {@link #run()} shuts it down at the end
     * @param shared   the JVM's data, trainer, compute turn and log
     */
    public DeviceHost(DeviceSettings settings, ManagedChannel channel, HostResources shared) {
        this(settings, name -> channel, shared);
    }

    /**
     * @param settings the devices to host and their deadlines
     * @param channels each device's channel to the base station, by name (devices may share one);
     *                 {@link #run()} shuts them down at the end
     * @param shared   the JVM's data, trainer, compute turn and log
     */
    public DeviceHost(DeviceSettings settings, Function<String, ManagedChannel> channels, HostResources shared) {
        Objects.requireNonNull(settings, "settings");
        this.shared = Objects.requireNonNull(shared, "shared");
        for (String name : settings.deviceNames()) {
            ManagedChannel channel = Objects.requireNonNull(channels.apply(name), "the channel of " + name);
            if (!this.channels.contains(channel)) {
                this.channels.add(channel);
            }
            sessions.add(new DeviceSession(name, settings, channel, shared));
        }
    }

    /** A host whose devices reach {@code settings.target()} in plaintext over {@link DeviceChannels#open}. */
    public static DeviceHost connect(DeviceSettings settings, Consumer<String> log) {
        return connect(settings, DeviceSecurity.plaintext(), log);
    }

    /**
     * A host whose devices reach {@code settings.target()} secured as {@code security} says: one
     * plaintext channel for all, or one mutual-TLS channel per device with its own certificate.
     *
     * @throws IllegalArgumentException when {@link DeviceSecurity#check} refuses the settings
     */
    public static DeviceHost connect(DeviceSettings settings, DeviceSecurity security, Consumer<String> log) {
        security.check(settings.target(), Set.copyOf(settings.deviceNames()));
        Function<String, ManagedChannel> channels;
        if (security.tls()) {
            channels = name -> DeviceChannels.open(settings.target(), security.credentials().get(name));
        } else {
            ManagedChannel shared = DeviceChannels.open(settings.target());
            channels = name -> shared;
        }
        return new DeviceHost(settings, channels, HostResources.create(settings.dataDir(), log));
    }

    /**
     * Runs every session to its end, then shuts the channels down.
     *
     * @throws IllegalStateException when called a second time
     */
    public HostOutcome run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("DeviceHost.run may be called once");
        }
        SessionOutcome[] outcomes = new SessionOutcome[sessions.size()];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            int index = i;
            DeviceSession session = sessions.get(i);
            Thread t = new Thread(() -> outcomes[index] = runGuarded(session), "device-" + session.name());
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            joinUninterruptibly(t);
        }
        shutdown();
        HostOutcome outcome = new HostOutcome(List.of(outcomes));
        if (outcome.exitCode() != HostOutcome.OK) {
            shared.log().accept("devices ended with exit code " + outcome.exitCode() + ": " + outcome.reason());
        }
        return outcome;
    }

    /** Stops every session soon; {@link #run()} then returns. Idempotent. */
    public void stop() {
        sessions.forEach(DeviceSession::stop);
    }

    private SessionOutcome runGuarded(DeviceSession session) {
        try {
            return session.run();
        } catch (RuntimeException | Error e) {
            shared.log().accept(session.name() + " ERROR session failed: " + e);
            return new SessionOutcome(session.name(), SessionOutcome.Kind.FAILED, "unexpected " + e);
        }
    }

    private void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                stop();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutdown() {
        channels.forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels) {
            try {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channels.forEach(ManagedChannel::shutdownNow);
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
