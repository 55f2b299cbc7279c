package org.fedqnn.proto.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The one test of "loopback" that both sides of the plaintext rule use: the base station may
 * listen, and a device may dial, in plaintext only on a loopback address (without
 * {@code --insecure}). Stateless.
 */
public final class Loopback {

    private Loopback() {
    }

    /** True when {@code host} is a loopback address or resolves only to loopback addresses. */
    public static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
