package org.fedqnn.server.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.fedqnn.proto.convert.DeviceName;

/**
 * How a device's name is written into its certificate: in the subject's CN and, authoritatively,
 * as a subject alternative name of kind URI, {@code urn:fedqnn:device:NAME}. A name in a
 * certificate follows the one rule of device names ({@link DeviceName}: 1..64 of
 * {@code A-Z a-z 0-9 . _ -}, starting with a letter or digit), so it needs no escaping in a URI,
 * a distinguished name or a file name. Stateless.
 */
public final class DeviceNames {

    /** The prefix of the URI subject alternative name that carries a device's name. */
    public static final String URI_PREFIX = "urn:fedqnn:device:";

    /** GeneralName tag of a URI (RFC 5280, uniformResourceIdentifier). */
    private static final int URI_TAG = 6;

    private DeviceNames() {
    }

    /**
     * Checks that {@code name} can be written into a certificate.
     *
     * @return the name
     * @throws IllegalArgumentException naming the rule and the name given
     */
    public static String check(String name) {
        String problem = DeviceName.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("a device name in a certificate must be " + DeviceName.RULE + "; "
                    + problem);
        }
        return name;
    }

    /** The URI subject alternative name of device {@code name}. */
    public static String uri(String name) {
        return URI_PREFIX + check(name);
    }

    /**
     * The device name a certificate carries: its one {@code urn:fedqnn:device:} URI, or empty
     * when it carries none, more than one, or one that breaks the naming rule.
     */
    public static Optional<String> of(X509Certificate certificate) {
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (sans == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (List<?> san : sans) {
            if (san.size() == 2 && Integer.valueOf(URI_TAG).equals(san.get(0)) && san.get(1) instanceof String uri
                    && uri.startsWith(URI_PREFIX)) {
                names.add(uri.substring(URI_PREFIX.length()));
            }
        }
        if (names.size() != 1 || DeviceName.problem(names.get(0)) != null) {
            return Optional.empty();
        }
        return Optional.of(names.get(0));
    }
}
