package org.fedqnn.datasets.catalog;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A data set that is in none of the places looked at. The message lists every place, in
 * order, with what was missing there, and says how to get the data set. Immutable and
 * thread-safe.
 */
public final class DatasetNotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String dataset;
    private final List<String> placesLooked;

    /**
     * @param dataset the data set's name
     * @param placesLooked one line per place, in look-up order
     * @param howToGet the ways to get it, one per line
     */
    public DatasetNotFoundException(String dataset, List<String> placesLooked,
            List<String> howToGet) {
        super(message(dataset, placesLooked, howToGet));
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.placesLooked = List.copyOf(placesLooked);
    }

    private static String message(String dataset, List<String> places, List<String> howToGet) {
        StringBuilder sb = new StringBuilder("data set '").append(dataset)
                .append("' not found. Looked in, in this order:");
        for (int i = 0; i < places.size(); i++) {
            sb.append(System.lineSeparator()).append("  ").append(i + 1).append(". ")
                    .append(places.get(i));
        }
        sb.append(System.lineSeparator()).append("To get it:");
        for (String way : howToGet) {
            sb.append(System.lineSeparator()).append("  - ").append(way);
        }
        return sb.toString();
    }

    /** The data set's name. */
    public String dataset() {
        return dataset;
    }

    /** One line per place looked at, in look-up order. */
    public List<String> placesLooked() {
        return placesLooked;
    }
}
