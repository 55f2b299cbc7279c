package org.fedqnn.qnn.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CostTableTest {

    @Test
    void tableHasARowPerLayerAndTheTotals() {
        NetworkCost cost = CostCounter.count(ModelSpecs.paperCnn(), ModelSpecs.CIFAR10_INPUT);
        String table = cost.table();
        System.out.println(table);
        String[] lines = table.split("\n");
        assertEquals(1 + 1 + 11 + 5, lines.length); // title, header, rows, totals
        assertEquals("network paper-cnn, input 3x32x32, output 10x1x1, counts per sample", lines[0]);
        assertTrue(lines[1].startsWith("layer  kind "), lines[1]);
        assertTrue(lines[2].startsWith("0      conv2d "), lines[2]);
        assertTrue(lines[2].contains("3x3/1 same, 64 filters"), lines[2]);
        assertTrue(lines[2].endsWith("1,792   65,536"), lines[2]);
        assertTrue(table.contains("N_c forward MACs         20,684,800\n"), table);
        assertTrue(table.contains("    backward MACs        39,600,128  (input gradients"
                + " 18,915,328, weight gradients 20,684,800)\n"), table);
        assertTrue(table.contains("    training MACs        60,284,928"), table);
        assertTrue(table.contains("N_s weights                 227,402"), table);
        assertTrue(table.contains("O_s outputs                 221,194"), table);
        assertEquals(table, cost.toString());
    }
}
