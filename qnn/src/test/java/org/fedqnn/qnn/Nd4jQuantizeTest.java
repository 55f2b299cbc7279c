package org.fedqnn.qnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class Nd4jQuantizeTest {

    @Test
    void quantizesAContiguousArrayInPlaceLikeTheFloatArrayPath() {
        float[] w = QuantizerTest.values(1000, 4, 1.1f);
        INDArray arr = Nd4j.create(w.clone(), new long[] {10, 100}, 'c');
        Quantizer q = Quantizer.stochastic(5);
        q.quantizeInPlace(arr, 77);
        float[] expected = new float[w.length];
        q.quantize(w, expected, 77);
        assertArrayEquals(expected, arr.data().asFloat());
    }

    @Test
    void refusesNaNInTheTailBeforeTouchingTheArray() {
        float[] w = QuantizerTest.values(1003, 9, 0.8f);
        w[1001] = Float.NaN;
        INDArray arr = Nd4j.create(w.clone(), new long[] {1003}, 'c');
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Quantizer.stochastic(4).quantizeInPlace(arr, 5));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("NaN at index 1001"), e.getMessage());
        assertArrayEquals(w, arr.toFloatVector(), "array unchanged");
    }

    @Test
    void quantizesAContiguousRowViewAndLeavesTheRestAlone() {
        float[] w = QuantizerTest.values(1000, 5, 0.8f);
        INDArray arr = Nd4j.create(w.clone(), new long[] {10, 100}, 'c');
        INDArray row = arr.getRow(3);
        Quantizer q = Quantizer.stochastic(4);
        q.quantizeInPlace(row, 11);
        float[] rowValues = java.util.Arrays.copyOfRange(w, 300, 400);
        float[] expected = new float[100];
        q.quantize(rowValues, expected, 11);
        assertArrayEquals(expected, row.toFloatVector());
        assertEquals(w[299], arr.getFloat(2, 99));
        assertEquals(w[400], arr.getFloat(4, 0));
    }

    @Test
    void quantizesAStridedColumnViewThroughACopy() {
        float[] w = QuantizerTest.values(1000, 6, 0.8f);
        INDArray arr = Nd4j.create(w.clone(), new long[] {10, 100}, 'c');
        INDArray column = arr.get(NDArrayIndex.all(), NDArrayIndex.point(7));
        Quantizer q = Quantizer.stochastic(4);
        q.quantizeInPlace(column, 12);
        float[] columnValues = new float[10];
        for (int i = 0; i < 10; i++) {
            columnValues[i] = w[i * 100 + 7];
        }
        float[] expected = new float[10];
        q.quantize(columnValues, expected, 12);
        for (int i = 0; i < 10; i++) {
            assertEquals(expected[i], arr.getFloat(i, 7), "column element " + i);
            assertEquals(w[i * 100 + 8], arr.getFloat(i, 8), "neighbour untouched");
        }
        assertEquals(DataType.FLOAT, arr.dataType());
    }
}
