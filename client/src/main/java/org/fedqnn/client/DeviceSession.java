package org.fedqnn.client;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.fedqnn.proto.convert.MalformedMessageException;
import org.fedqnn.proto.convert.ModelMessages;
import org.fedqnn.proto.v2.BaseStationGrpc;
import org.fedqnn.proto.v2.RegisterRequest;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.proto.v2.TaskRequest;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.qnn.train.Precision;

/**
 * One device's session with the base station (Algorithm 1, device side): Register, then a loop
 * of FetchTask long polls; for each task, I local steps on the {@link ComputeTurn}, the
 * delta's encoding, and SubmitUpdate within the task's deadline. Ends when the server says
 * RunEnded, when {@link #stop()} is called, or when the device gives up.
 *
 * <p>Failures: UNAVAILABLE or a dropped connection on any call registers again (with
 * {@link ReconnectBackoff}; the server gives the same name its index back with a new session),
 * keeping {@code last_round} so no task is trained twice, unless the base station itself started
 * again and resumed the run from its checkpoint (RegisterResponse.resume_token changed): then the
 * rounds after the checkpoint are played again and their tasks trained again, with the same seeds.
 * Nothing a device keeps between rounds is needed by the run. A malformed or truncated task is
 * dropped. An update answered RESOURCE_EXHAUSTED is sent again after a pause while the
 * deadline allows; DEADLINE_EXCEEDED, FAILED_PRECONDITION and ALREADY_EXISTS are logged and the
 * device polls on; INVALID_ARGUMENT is logged as an error (a bug) and the device polls on.
 * Every call has a deadline.
 *
 * <p>{@link #run()} runs on one thread; {@link #stop()} may be called from any thread.
 */
public final class DeviceSession {

    /** Register failures worth another attempt; anything else is final. */
    private static final Set<Status.Code> REGISTER_RETRY = EnumSet.of(Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.CANCELLED);
    /** FetchTask failures that another Register cannot mend. */
    private static final Set<Status.Code> FETCH_FINAL = EnumSet.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.UNIMPLEMENTED, Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED);

    /** A round's training result and the update that carries it. */
    private record Trained(LocalResult result, EncodedUpdate update) {
    }

    private final String name;
    private final DeviceSettings settings;
    private final ManagedChannel channel;
    private final HostResources shared;
    private final BaseStationGrpc.BaseStationBlockingStub blocking;
    private final BaseStationGrpc.BaseStationStub async;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile Context.CancellableContext inFlight;

    private Registration registration;
    private DeviceShard shard;
    private UpdateEncoder encoder;
    private String runId;
    private long lastRound = -1;
    private String resumeToken;

    /**
     * @param name     the device's name, unique in the run
     * @param settings deadlines and reconnect policy
     * @param channel  the JVM's channel to the base station (shared; not shut down here)
     * @param shared   the JVM's data, trainer, compute turn and log
     */
    public DeviceSession(String name, DeviceSettings settings, ManagedChannel channel, HostResources shared) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.blocking = BaseStationGrpc.newBlockingStub(channel);
        this.async = BaseStationGrpc.newStub(channel);
    }

    /** The device's name. */
    public String name() {
        return name;
    }

    /** Runs the session until the run ends, it is stopped, or it fails; never throws for a status. */
    public SessionOutcome run() {
        int lossesWithoutProgress = 0;
        while (true) {
            if (registration == null) {
                SessionOutcome failed = register(lossesWithoutProgress);
                if (failed != null) {
                    return failed;
                }
            }
            if (stopped) {
                return stoppedOutcome();
            }
            FetchResult result;
            try {
                TaskRequest request = TaskRequest.newBuilder().setRunId(registration.runId())
                        .setSessionId(registration.sessionId()).setDeviceIndex(registration.deviceIndex())
                        .setLastRound(lastRound).build();
                result = inCall(() -> TaskStreamReader.read(blocking.withDeadlineAfter(
                        settings.pollDeadline().toNanos(), TimeUnit.NANOSECONDS).fetchTask(request),
                        registration.modelSpec()));
            } catch (StatusRuntimeException e) {
                if (stopped) {
                    return stoppedOutcome();
                }
                if (FETCH_FINAL.contains(e.getStatus().getCode())) {
                    return outcome(SessionOutcome.Kind.FAILED, "FetchTask refused: " + describe(e.getStatus()));
                }
                log("FetchTask failed with " + describe(e.getStatus()) + "; registering again");
                registration = null;
                lossesWithoutProgress++;
                continue;
            }
            lossesWithoutProgress = 0;
            if (result instanceof FetchResult.Ended ended) {
                log("run ended: " + ended.reason());
                return outcome(SessionOutcome.Kind.RUN_ENDED, ended.reason());
            } else if (result instanceof FetchResult.Dropped dropped) {
                log("task of round " + dropped.round() + " dropped: " + dropped.reason());
                if (dropped.malformed() && dropped.round() > lastRound) {
                    lastRound = dropped.round();
                }
                if (pause(settings.busyRetryPause())) {
                    return stoppedOutcome();
                }
            } else if (result instanceof FetchResult.Received received) {
                work(received);
            }
        }
    }

    /** Ends the session soon: cancels the call in flight and any pause. Thread-safe; idempotent. */
    public void stop() {
        stopped = true;
        stopSignal.countDown();
        Context.CancellableContext call = inFlight;
        if (call != null) {
            call.cancel(null);
        }
    }

    /** Registers, retrying with backoff; null on success, else how the session ends. */
    private SessionOutcome register(int priorFailures) {
        long start = System.nanoTime();
        RegisterRequest request = RegisterRequest.newBuilder().setDeviceName(name)
                .addProtocolVersions(Registration.PROTOCOL_VERSION)
                .setCapabilities(Capabilities.ofThisJvm(DeviceChannels.MAX_INBOUND_MESSAGE_BYTES)).build();
        for (int attempt = priorFailures; ; attempt++) {
            if (attempt > 0) {
                if (pause(settings.reconnect().delay(attempt - 1))) {
                    return stoppedOutcome();
                }
                channel.resetConnectBackoff();
            }
            if (stopped) {
                return stoppedOutcome();
            }
            try {
                RegisterResponse response = inCall(() -> blocking.withDeadlineAfter(
                        settings.registerDeadline().toNanos(), TimeUnit.NANOSECONDS).register(request));
                accept(Registration.fromProto(response), response.getResumeToken());
                return null;
            } catch (StatusRuntimeException e) {
                if (stopped) {
                    return stoppedOutcome();
                }
                Status status = e.getStatus();
                if (!REGISTER_RETRY.contains(status.getCode())) {
                    return outcome(SessionOutcome.Kind.FAILED, "Register refused: " + describe(status));
                }
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                if (waited.compareTo(settings.reconnect().giveUpAfter()) >= 0) {
                    return outcome(SessionOutcome.Kind.FAILED, "no successful Register in " + waited.toMillis()
                            + " ms (giving up after " + settings.reconnect().giveUpAfter().toMillis() + " ms); last: "
                            + describe(status));
                }
                log("Register failed with " + describe(status) + "; trying again in "
                        + settings.reconnect().delay(attempt).toMillis() + " ms");
            } catch (IllegalArgumentException | DataMismatchException e) {
                return outcome(SessionOutcome.Kind.FAILED, e.getMessage());
            } catch (IOException e) {
                return outcome(SessionOutcome.Kind.FAILED, "cannot load the data set: " + e.getMessage());
            }
        }
    }

    /** Checks a registration against this JVM's model and data, and makes it current. */
    private void accept(Registration r, String resumeToken) throws IOException {
        shared.trainer().withNetwork(r.model(), Precision.float32(), net -> {
            ModelMessages.checkParameters(r.modelSpec(), net);
            return null;
        });
        DeviceShard s = shared.data().shard(r.partition(), r.model().normalization());
        var images = s.images();
        var input = r.model().input();
        if (images.channels() != input.channels() || images.height() != input.height()
                || images.width() != input.width()) {
            throw new MalformedMessageException("ModelSpec.input_shape", "the data set's images, " + images.channels()
                    + "x" + images.height() + "x" + images.width(), input);
        }
        if (images.classes() != r.model().classes()) {
            throw new MalformedMessageException("ModelSpec.class_count", "the data set's " + images.classes(),
                    r.model().classes());
        }
        if (runId != null && !runId.equals(r.runId())) {
            log("run changed from " + runId + " to " + r.runId() + "; rounds count afresh");
            lastRound = -1;
        } else if (runId != null && !resumeToken.equals(this.resumeToken)) {
            log("the base station of run " + runId + " restarted from its checkpoint; rounds after it are played "
                    + "again, round " + lastRound + " included");
            lastRound = -1;
        }
        runId = r.runId();
        this.resumeToken = resumeToken;
        shard = s;
        encoder = new UpdateEncoder(r.maxChunkPayloadBytes());
        registration = r;
        log(String.format(Locale.ROOT, "registered as device %d of %d in run %s (session %s), %d samples%s",
                r.deviceIndex(), r.deviceCount(), r.runId(), r.sessionId(), s.size(),
                settings.maxCodeDevices().contains(name) ? "; sends the max-code attack" : ""));
    }

    /** Trains a received task on the compute turn, then uploads its update. */
    private void work(FetchResult.Received received) {
        DeviceTask task = received.task();
        if (task.round() <= lastRound) {
            log("task of round " + task.round() + " skipped: round " + lastRound + " was already received");
            return;
        }
        lastRound = task.round();
        Registration r = registration;
        UpdateHeader header = UpdateHeader.newBuilder().setRunId(r.runId()).setSessionId(r.sessionId())
                .setDeviceIndex(r.deviceIndex()).setRound(task.round()).build();
        TrainingTask training = task.training(r.model(), r.deviceIndex(), r.runSeed());
        Trained trained;
        try {
            trained = shared.turn().call(() -> {
                LocalResult result = shared.trainer().train(training, received.weights(), shard);
                if (settings.maxCodeDevices().contains(name)) {
                    result = MaxCodeAttack.apply(result, task.updateTensors());
                }
                return new Trained(result, encoder.encode(header, task.updateTensors(), result, r.runSeed()));
            });
        } catch (ArithmeticException | IllegalArgumentException e) {
            log("ERROR round " + task.round() + " not trained: " + e.getMessage());
            return;
        }
        long deadline = received.headerNanos() + task.deadline().toNanos() + settings.uploadMargin().toNanos();
        upload(task.round(), trained.update(), trained.result(), deadline);
    }

    /** Sends one update until it has a verdict; see the class comment for the statuses. */
    private void upload(long round, EncodedUpdate update, LocalResult result, long deadlineNanos) {
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                log("round " + round + ": the deadline passed before the update could be sent");
                return;
            }
            Status status;
            try {
                status = inCall(() -> UpdateUploader.upload(async, update.messages(), Duration.ofNanos(remaining)))
                        .status();
            } catch (StatusRuntimeException e) {
                status = e.getStatus();
            }
            switch (status.getCode()) {
                case OK -> {
                    log(String.format(Locale.ROOT, "round %d: loss %.4f, %d bytes up, %.2f s compute, accepted",
                            round, result.meanLocalLoss(), update.totalBytes(), result.computeSeconds()));
                    return;
                }
                case RESOURCE_EXHAUSTED -> {
                    log("round " + round + ": server busy (" + describe(status) + "); sending again in "
                            + settings.busyRetryPause().toMillis() + " ms");
                    if (pause(settings.busyRetryPause())) {
                        return;
                    }
                }
                case DEADLINE_EXCEEDED, FAILED_PRECONDITION, ALREADY_EXISTS -> {
                    log("round " + round + ": update not accepted: " + describe(status));
                    return;
                }
                case INVALID_ARGUMENT -> {
                    log("ERROR round " + round + ": update refused as malformed (a bug): " + describe(status));
                    return;
                }
                case UNAVAILABLE -> {
                    log("round " + round + ": update lost, " + describe(status) + "; registering again");
                    registration = null;
                    return;
                }
                default -> {
                    if (!stopped) {
                        log("ERROR round " + round + ": update failed: " + describe(status));
                    }
                    return;
                }
            }
        }
    }

    /** Runs one call in a context that {@link #stop()} cancels; the call is cancelled when it returns. */
    private <T> T inCall(Supplier<T> call) {
        Context.CancellableContext context = Context.current().withCancellation();
        inFlight = context;
        try {
            if (stopped) {
                throw Status.CANCELLED.withDescription("the session was stopped").asRuntimeException();
            }
            return context.call(call::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            inFlight = null;
            context.cancel(null);
        }
    }

    /** Waits {@code d}; true when the session was stopped meanwhile. */
    private boolean pause(Duration d) {
        try {
            return stopSignal.await(d.toNanos(), TimeUnit.NANOSECONDS) || stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return true;
        }
    }

    private SessionOutcome stoppedOutcome() {
        return outcome(SessionOutcome.Kind.STOPPED, "stopped");
    }

    private SessionOutcome outcome(SessionOutcome.Kind kind, String reason) {
        if (kind == SessionOutcome.Kind.FAILED) {
            log("ERROR " + reason);
        }
        return new SessionOutcome(name, kind, reason);
    }

    private void log(String line) {
        shared.log().accept(name + " " + line);
    }

    private static String describe(Status status) {
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    }
}
