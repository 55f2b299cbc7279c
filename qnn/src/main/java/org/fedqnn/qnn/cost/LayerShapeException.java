package org.fedqnn.qnn.cost;

/**
 * A layer or block of a network does not fit the shape that reaches it (a kernel larger than
 * the padded input, a dense layer on a spatial tensor, branches that cannot be joined...).
 * The message names the network, the layer's path, the layer and the shapes.
 *
 * <p>Immutable and thread-safe once thrown.
 */
public final class LayerShapeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String network;
    private final String path;

    /**
     * @param network the network's name
     * @param path    the layer's path in the network, e.g. {@code 4/main/0}
     * @param detail  what does not fit, naming the layer and the shapes
     * @param cause   the layer's own exception, or null
     */
    public LayerShapeException(String network, String path, String detail, Throwable cause) {
        super("network '" + network + "', layer " + path + ": " + detail, cause);
        this.network = network;
        this.path = path;
    }

    /** The network's name. */
    public String network() {
        return network;
    }

    /** The path of the layer that does not fit, e.g. {@code 4/main/0}. */
    public String path() {
        return path;
    }
}
