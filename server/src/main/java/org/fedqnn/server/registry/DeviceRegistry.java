package org.fedqnn.server.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.fedqnn.server.Quoted;
import org.fedqnn.server.Refusal;

/**
 * The devices of a run: up to N names, each with its index (in registration order), its
 * current session and the credential it registered with (its certificate's SHA-256 over mutual
 * TLS, none over plaintext). A name that registers again with the same credential keeps its
 * index and gets a new session; the old session is refused from then on. A name, and each of its
 * sessions, belongs to its credential: calls with another are refused (IDENTITY). Guarded by the round loop's lock, which every method takes
 * (so the loop can wait on it for registrations); thread-safe.
 */
public final class DeviceRegistry {

    private final String runId;
    private final int capacity;
    private final Object lock;
    private final List<DeviceInfo> devices = new ArrayList<>();
    private final List<String> sessions = new ArrayList<>();
    private final List<String> credentials = new ArrayList<>();
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final Set<Integer> away = new HashSet<>();

    /**
     * @param runId    the run's id, handed to each device
     * @param capacity N
     * @param lock     the round loop's lock, notified on every registration
     */
    public DeviceRegistry(String runId, int capacity, Object lock) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.capacity = capacity;
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** Registers {@code info} without a credential (plaintext), or registers its name again. */
    public Registration register(DeviceInfo info) {
        return register(info, null);
    }

    /**
     * Registers {@code info} with {@code credential} (null over plaintext), or registers its name
     * again with the credential it first registered with.
     *
     * @throws Refusal RUN_STATE when N other names registered; IDENTITY when the name registered with
     *                 another credential
     */
    public Registration register(DeviceInfo info, String credential) {
        synchronized (lock) {
            String session = UUID.randomUUID().toString();
            Integer known = indexByName.get(info.name());
            Registration r;
            if (known != null) {
                if (!Objects.equals(credentials.get(known), credential)) {
                    throw new Refusal(Refusal.Kind.IDENTITY, "device '" + info.name() + "' registered with "
                            + describe(credentials.get(known)) + "; a registration under its name from "
                            + describe(credential) + " is refused");
                }
                devices.set(known, info);
                sessions.set(known, session);
                away.remove(known);
                r = new Registration(runId, session, known, true);
            } else {
                if (devices.size() == capacity) {
                    throw new Refusal(Refusal.Kind.RUN_STATE, "the run is full: every device it needs registered, "
                            + "and " + Quoted.of(info.name()) + " is not one of them");
                }
                int index = devices.size();
                devices.add(info);
                sessions.add(session);
                credentials.add(credential);
                indexByName.put(info.name(), index);
                r = new Registration(runId, session, index, false);
            }
            lock.notifyAll();
            return r;
        }
    }

    /**
     * Takes back the devices of a checkpoint, by index, each with the credential it registered
     * with: their names keep their indices, and until each registers again it has no session and
     * counts as away ({@link #awaitAll} waits for it). Only before any registration.
     */
    public void restore(List<DeviceInfo> registered, List<String> registeredCredentials) {
        synchronized (lock) {
            if (!devices.isEmpty()) {
                throw new IllegalStateException("devices registered before the registry was restored");
            }
            if (registered.size() > capacity) {
                throw new IllegalArgumentException("the checkpoint has " + registered.size() + " devices, the run N = "
                        + capacity);
            }
            for (int k = 0; k < registered.size(); k++) {
                devices.add(registered.get(k));
                sessions.add("restored-" + UUID.randomUUID());
                credentials.add(registeredCredentials.get(k));
                indexByName.put(registered.get(k).name(), k);
                away.add(k);
            }
        }
    }

    /** The credential device {@code k} registered with, null over plaintext. */
    public List<String> credentials() {
        synchronized (lock) {
            return java.util.Collections.unmodifiableList(new ArrayList<>(credentials));
        }
    }

    /**
     * Checks that {@code session} is the current session of registered device {@code device},
     * over plaintext.
     *
     * @throws Refusal PRECONDITION for an unknown device or a stale or forged session (saying
     *     nothing of the registry: the caller is not yet known to be a device of the run)
     */
    public void checkSession(int device, String session) {
        checkSession(device, session, null);
    }

    /**
     * Checks that {@code session} is the current session of registered device {@code device} and
     * that the caller's {@code credential} (null over plaintext) is the one the device registered with.
     *
     * @throws Refusal PRECONDITION for an unknown device or a stale or forged session; IDENTITY for
     *                 another credential
     */
    public void checkSession(int device, String session, String credential) {
        synchronized (lock) {
            if (device < 0 || device >= devices.size()) {
                throw new Refusal(Refusal.Kind.PRECONDITION, "device_index " + device + " is not a registered device");
            }
            if (!Objects.equals(credentials.get(device), credential)) {
                throw new Refusal(Refusal.Kind.IDENTITY, "device " + device + " ('" + devices.get(device).name()
                        + "') registered with " + describe(credentials.get(device)) + ", this call comes from "
                        + describe(credential));
            }
            if (!sessions.get(device).equals(session)) {
                throw new Refusal(Refusal.Kind.PRECONDITION, "session_id is not the current session of device "
                        + device + " (it registered again, or the session is forged)");
            }
        }
    }

    private static String describe(String credential) {
        return credential == null ? "no certificate (plaintext)" : "the certificate with SHA-256 " + credential;
    }

    /** The run's id. */
    public String runId() {
        return runId;
    }

    /** The names of the devices registered so far, by index. */
    public List<String> names() {
        synchronized (lock) {
            return devices.stream().map(DeviceInfo::name).toList();
        }
    }

    /** Devices registered so far. */
    public int size() {
        synchronized (lock) {
            return devices.size();
        }
    }

    /** N. */
    public int capacity() {
        return capacity;
    }

    /** The devices registered so far, by index. */
    public List<DeviceInfo> list() {
        synchronized (lock) {
            return List.copyOf(devices);
        }
    }

    /** The name of device {@code k}. */
    public String name(int k) {
        synchronized (lock) {
            return devices.get(k).name();
        }
    }

    /**
     * Waits until N devices registered (and every device of a restored registry registered
     * again), at most {@code timeoutNanos}, or until {@code stop} says so
     * (checked whenever the lock is notified).
     *
     * @return true when all N registered and {@code stop} did not fire
     */
    public boolean awaitAll(long timeoutNanos, BooleanSupplier stop) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            while ((devices.size() < capacity || !away.isEmpty()) && !stop.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return !stop.getAsBoolean();
        }
    }
}
