package org.fedqnn.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreTypesTest {

    private static LabeledImages tiny(byte[] labels) {
        return new LabeledImages(labels.length, 1, 2, 2, new byte[labels.length * 4], labels, 10);
    }

    @Test
    void labeledImagesValidatesItself() {
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> tiny(new byte[] {1, 11}));
        assertEquals("labels[1]: expected 0..9, actual 11", label.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(2, 1, 2, 2, new byte[7], new byte[2], 10));
        assertTrue(size.getMessage().contains("expected count*channels*height*width = 8, actual 7"));
        assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(0, 1, 2, 2, new byte[0], new byte[0], 10));
        LabeledImages a = tiny(new byte[] {1, 2, 2});
        assertEquals(a, tiny(new byte[] {1, 2, 2}));
        assertEquals(List.of(0, 1, 2, 0, 0, 0, 0, 0, 0, 0),
                java.util.Arrays.stream(a.classCounts()).boxed().toList());
        assertEquals(4, a.imageSize());
    }

    @Test
    void datasetChecksShapesAndSums() {
        LabeledImages a = tiny(new byte[] {1});
        LabeledImages colour = new LabeledImages(1, 3, 2, 2, new byte[12], new byte[1], 10);
        assertThrows(IllegalArgumentException.class,
                () -> new Dataset("x", a, colour, Map.of()));
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("x", a, a, Map.of("f.gz", "abc")));
        assertTrue(sum.getMessage().contains("fileSha256[f.gz]"), sum.getMessage());
        Dataset d = new Dataset("x", a, a, Map.of("b", "0".repeat(64), "a", "1".repeat(64)));
        assertEquals(List.of("a", "b"), List.copyOf(d.fileSha256().keySet()));
    }

    @Test
    void derivedSeedsAreStableAndDistinct() {
        assertEquals(Seeds.derive(1, 2, 3), Seeds.derive(1, 2, 3));
        assertNotEquals(Seeds.derive(1, 2, 3), Seeds.derive(1, 3, 2));
        assertNotEquals(Seeds.derive(1), Seeds.derive(1, 0));
        assertNotEquals(Seeds.derive(1, 0), Seeds.derive(2, 0));
    }
}
