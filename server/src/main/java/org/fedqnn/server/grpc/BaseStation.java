package org.fedqnn.server.grpc;

import io.grpc.ServerBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.tensor.FeatureScaling;
import org.fedqnn.proto.convert.ModelMessages;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.energy.ChannelParameters;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.train.Backend;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.checkpoint.CheckpointFile;
import org.fedqnn.server.measures.ComplianceCosts;
import org.fedqnn.server.measures.MeasureSettings;
import org.fedqnn.server.measures.EvaluationWorkers;
import org.fedqnn.server.measures.ModelEvaluator;
import org.fedqnn.server.measures.RunMeasures;
import org.fedqnn.server.profile.DeviceProfiles;
import org.fedqnn.server.records.Invocation;
import org.fedqnn.server.records.Manifest;
import org.fedqnn.server.records.RoundRecord;
import org.fedqnn.server.records.RunConsole;
import org.fedqnn.server.records.RunFolder;
import org.fedqnn.server.records.RunListener;
import org.fedqnn.server.records.RunListeners;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.round.RoundLoop;
import org.fedqnn.server.strategy.FederatedStrategy;
import org.fedqnn.server.strategy.PaperFedAvg;

/**
 * A whole base station, assembled: w_0 from the run seed, the test-set evaluator, the run
 * folder, the console lines, the {@link RoundLoop} and the gRPC server on the given
 * transport. {@link #run()} drives the run to its end, tells the devices and closes the server.
 * Thread-safe as its parts are.
 */
public final class BaseStation implements AutoCloseable {

    /** How long the end of a run waits for every device to hear of it. */
    public static final long TELL_DEVICES_MILLIS = 10_000;

    private final RoundLoop coordinator;
    private final BaseStationServer server;
    private final RunFolder folder;
    private final EvaluationWorkers workers;

    private BaseStation(RoundLoop coordinator, BaseStationServer server, RunFolder folder, EvaluationWorkers workers) {
        this.workers = workers;
        this.coordinator = coordinator;
        this.server = server;
        this.folder = folder;
    }

    /**
     * Builds and starts a base station.
     *
     * @param settings  the run
     * @param data      the data set the server evaluates on (its checksums must be {@code settings.datasetSha256()})
     * @param transport where to listen, e.g. {@link ServerTransport#listening}
     * @param folder    the run folder to write, or null for none
     * @param invocation the command and options that started the run, for the manifest
     * @param console   where one line per round goes, or null for none
     */
    public static BaseStation start(RunSettings settings, Dataset data, ServerBuilder<?> transport, Path folder,
                                    Invocation invocation, PrintWriter console) throws IOException {
        return start(settings, layout -> new PaperFedAvg(settings, layout), data, transport, folder, invocation,
                console);
    }

    /**
     * Builds and starts a base station running the strategy {@code strategies} makes for the
     * run's model (see {@link #start(RunSettings, Dataset, ServerBuilder, Path, Invocation, PrintWriter)}).
     */
    public static BaseStation start(RunSettings settings, Function<ModelLayout, FederatedStrategy> strategies,
                                    Dataset data, ServerBuilder<?> transport, Path folder,
                                    Invocation invocation, PrintWriter console) throws IOException {
        return start(settings, strategies, null, data, transport, folder, invocation, console);
    }

    /**
     * Builds and starts a base station running the strategy {@code strategies} makes, with the
     * time model of {@code profiles} (null for none: times.csv then holds no modelled times).
     */
    public static BaseStation start(RunSettings settings, Function<ModelLayout, FederatedStrategy> strategies,
                                    DeviceProfiles profiles, Dataset data, ServerBuilder<?> transport, Path folder,
                                    Invocation invocation, PrintWriter console) throws IOException {
        return build(settings, strategies, profiles, data, transport, folder, invocation, console, false);
    }

    /**
     * Builds and starts a base station that continues the run of {@code folder} from its
     * checkpoint ({@link CheckpointFile#load}: the latest, or the previous when the latest is
     * refused): the same run id, model, devices (which register again by themselves), tallies
     * and strategy state, the record files cut back to the checkpoint. {@code settings} must be
     * those of the folder's manifest.
     *
     * @throws IOException naming the file and the fault when no checkpoint can be used, or the
     *                     settings are not the manifest's
     */
    public static BaseStation resume(RunSettings settings, Function<ModelLayout, FederatedStrategy> strategies,
                                     DeviceProfiles profiles, Dataset data, ServerBuilder<?> transport, Path folder,
                                     PrintWriter console) throws IOException {
        return build(settings, strategies, profiles, data, transport, folder, Invocation.NONE, console, true);
    }

    private static BaseStation build(RunSettings settings, Function<ModelLayout, FederatedStrategy> strategies,
                                     DeviceProfiles profiles, Dataset data, ServerBuilder<?> transport, Path folder,
                                     Invocation invocation, PrintWriter console, boolean resume) throws IOException {
        ModelDescription model = settings.model();
        LabeledImages train = data.train();
        if (train.channels() != model.input().channels() || train.height() != model.input().height()
                || train.width() != model.input().width() || train.classes() != model.classes()) {
            throw new IllegalArgumentException("data set " + data.name() + " has " + train.channels() + "x"
                    + train.height() + "x" + train.width() + " images of " + train.classes()
                    + " classes, the model expects " + model.input() + " and " + model.classes() + " classes");
        }
        FeatureScaling scaling = FeatureScaling.fit(train, model.normalization());
        QnnNetwork net = model.create(settings.trainingPrecision(), settings.seed());
        ModelLayout layout = new ModelLayout(net.parameters(), settings.trainingPrecision());
        float[][] w0 = new float[layout.size()][];
        for (int i = 0; i < w0.length; i++) {
            w0[i] = net.parameterValues(i);
        }
        FederatedStrategy strategy = strategies.apply(layout);
        EvaluationWorkers workers = EvaluationWorkers.of(net, EvaluationWorkers.defaultThreads());
        ModelEvaluator evaluator = new ModelEvaluator(workers, data.test(), scaling, settings.testLimit());
        ModelEvaluator trainingLoss = ModelEvaluator.trainingLoss(workers, train, scaling,
                settings.measures().lossSamples(), settings.seed());
        List<RunListener> listeners = new ArrayList<>();
        RunFolder runFolder = null;
        CheckpointFile.Loaded loaded = null;
        String runId = UUID.randomUUID().toString();
        if (resume) {
            loaded = CheckpointFile.load(folder);
            Manifest m = Manifest.read(folder);
            runId = m.runId();
            Manifest now = Manifest.of(settings, runId, strategy.name(), strategy.precisionPolicy(),
                    net.parameterCount(), evaluator.samples(), train.count(), invocation);
            if (!m.model().equals(now.model()) || !m.data().equals(now.data())
                    || !m.federation().equals(now.federation())) {
                throw new IOException("the settings are not those of " + folder.resolve(RunFolder.MANIFEST)
                        + ": it has " + m.model() + ", " + m.data() + ", " + m.federation() + "; given "
                        + now.model() + ", " + now.data() + ", " + now.federation());
            }
            runFolder = RunFolder.resume(folder, m, net, loaded.checkpoint().recordLengths());
            listeners.add(runFolder);
        } else if (folder != null) {
            Manifest m = Manifest.of(settings, runId, strategy.name(), strategy.precisionPolicy(),
                    net.parameterCount(), evaluator.samples(), train.count(), invocation);
            runFolder = new RunFolder(folder, m, net);
            runFolder.compareWith(settings.measures().baseline());
            if (profiles != null) {
                runFolder.writeProfiles(profiles);
            }
            listeners.add(runFolder);
        }
        if (console != null) {
            console.println("backend     " + Backend.describe());
            listeners.add(new RunConsole(console, settings.maxRounds()));
        }
        listeners.add(new RunListener() {
            @Override
            public void roundEnded(RoundRecord record) {
                strategy.roundEnded(record);
            }
        });
        RunMeasures measures = new RunMeasures(settings, layout.values(), trainingLoss,
                ComplianceCosts.of(CostCounter.count(net.spec(), net.inputShape())), profiles);
        RoundLoop coordinator = new RoundLoop(runId, settings, strategy, layout, new GlobalModel(0, w0), evaluator,
                measures, new RunListeners(listeners));
        if (runFolder != null) {
            runFolder.registeredFrom(coordinator::devices);
            coordinator.checkpointTo(runFolder);
        }
        if (loaded != null) {
            coordinator.resumeFrom(loaded.checkpoint());
            if (console != null) {
                loaded.refused().forEach(why -> console.println("checkpoint  " + why + "; using the previous one"));
                console.println("resumed     run " + runId + " from " + loaded.file() + " after "
                        + loaded.checkpoint().rounds() + " rounds; waiting for its devices to register again");
            }
        }
        BaseStationServer server = new BaseStationServer(transport, coordinator, ModelMessages.toProto(model, net))
                .start();
        return new BaseStation(coordinator, server, runFolder, workers);
    }

    public RoundLoop coordinator() {
        return coordinator;
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** The run folder, or null. */
    public Path folder() {
        return folder == null ? null : folder.folder();
    }

    /** Runs to the end, tells the devices (up to {@link #TELL_DEVICES_MILLIS}) and closes. */
    public RunOutcome run() throws InterruptedException, IOException {
        return run(TELL_DEVICES_MILLIS);
    }

    /** Runs to the end, waits up to {@code tellMillis} for every device to hear of it, and closes. */
    public RunOutcome run(long tellMillis) throws InterruptedException, IOException {
        try {
            RunOutcome outcome = coordinator.run();
            coordinator.awaitDevicesTold(tellMillis);
            return outcome;
        } finally {
            close();
        }
    }

    /** Ends the run after the round in progress. */
    public void stop(String reason) {
        coordinator.stop(reason);
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            coordinator.close();
            workers.close();
            if (folder != null) {
                folder.close();
            }
        }
    }
}
