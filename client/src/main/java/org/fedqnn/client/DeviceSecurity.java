package org.fedqnn.client;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fedqnn.proto.net.Loopback;

/**
 * How a device JVM's channels to the base station are secured, parsed once at the edge (the
 * CLI), symmetric to the server's rule: mutual TLS with each hosted device's own certificate, or
 * plaintext, which is allowed only to a loopback base station or with an explicit
 * {@code --insecure}. Immutable.
 *
 * @param credentials each hosted device's TLS files by name; empty for plaintext
 * @param insecure    plaintext to a base station that is not on loopback was asked for
 */
public record DeviceSecurity(Map<String, DeviceCredentials> credentials, boolean insecure) {

    public DeviceSecurity {
        credentials = Map.copyOf(Objects.requireNonNull(credentials, "DeviceSecurity.credentials"));
        if (insecure && !credentials.isEmpty()) {
            throw new IllegalArgumentException("--insecure and TLS files exclude each other");
        }
    }

    /** Plaintext to a loopback base station. */
    public static DeviceSecurity plaintext() {
        return new DeviceSecurity(Map.of(), false);
    }

    /** Plaintext to any base station, as {@code --insecure} asks. */
    public static DeviceSecurity insecurePlaintext() {
        return new DeviceSecurity(Map.of(), true);
    }

    /** Mutual TLS, each device with its own files. */
    public static DeviceSecurity mutualTls(Map<String, DeviceCredentials> credentials) {
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("mutual TLS needs the credentials of at least one device");
        }
        return new DeviceSecurity(credentials, false);
    }

    public boolean tls() {
        return !credentials.isEmpty();
    }

    /**
     * Checks these settings for devices {@code names} reaching {@code target}: every device has
     * its files under TLS; plaintext goes to loopback only unless {@code --insecure}.
     *
     * @throws IllegalArgumentException saying what is missing or what to do
     */
    public void check(String target, Set<String> names) {
        if (tls()) {
            for (String name : names) {
                if (!credentials.containsKey(name)) {
                    throw new IllegalArgumentException("device '" + name + "' has no certificate: every hosted "
                            + "device needs its own (fedqnn certs --devices " + name + ")");
                }
            }
        } else if (!insecure && !Loopback.isLoopback(host(target))) {
            throw new IllegalArgumentException("refusing to reach " + target + " in plaintext: it is not a loopback "
                    + "address. Give --tls-dir DIR (made by fedqnn certs) for mutual TLS, or --insecure to accept "
                    + "plaintext");
        }
    }

    /** The host of {@code host:port}, without the brackets of an IPv6 literal. */
    static String host(String target) {
        String host = target.substring(0, Math.max(0, target.lastIndexOf(':')));
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
