package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.partition.DirichletPartitioner;
import org.fedqnn.datasets.partition.Partitioner;
import org.fedqnn.datasets.partition.ShardPartitioner;
import org.fedqnn.datasets.tensor.FeatureScaling;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.proto.convert.MalformedMessageException;
import org.fedqnn.proto.convert.PartitionMessages;
import org.fedqnn.proto.v2.DataPartition;
import org.junit.jupiter.api.Test;

class DeviceDataTest {

    private static DataPartition partition(Partitioner p, int devices, int index, Map<String, String> sums) {
        return PartitionMessages.toProto(p, Fixtures.SEED, devices, index, Fixtures.DATASET, sums);
    }

    @Test
    void theShardIsWhatThePartitionerGivesTheDevice() throws Exception {
        Dataset ds = Fixtures.dataset();
        for (Partitioner p : new Partitioner[] {new ShardPartitioner(2, 10), new DirichletPartitioner(0.5, 10, 20)}) {
            int[][] direct = p.partition(ds.train(), 20, DeviceData.partitionStreamKey(Fixtures.SEED));
            for (int k : new int[] {0, 7, 19}) {
                DeviceShard shard = Fixtures.data().shard(partition(p, 20, k, ds.fileSha256()), Normalization.UNIT_RANGE);
                assertArrayEquals(direct[k], shard.indices(), p + ", device " + k);
                assertEquals(ds.train(), shard.images());
            }
        }
        int[][] iid = new org.fedqnn.datasets.partition.IidPartitioner(10).partition(ds.train(), Fixtures.DEVICES,
                DeviceData.partitionStreamKey(Fixtures.SEED));
        assertArrayEquals(iid[3], Fixtures.shard(3).indices());
    }

    @Test
    void theScalingIsFittedOnTheWholeTrainingSet() throws Exception {
        DeviceShard shard = Fixtures.data().shard(Fixtures.iid(5), Normalization.STANDARDIZE);
        assertEquals(FeatureScaling.fit(Fixtures.dataset().train(), Normalization.STANDARDIZE), shard.scaling());
        assertEquals(FeatureScaling.unitRange(1), Fixtures.shard(5).scaling());
    }

    @Test
    void aChecksumMismatchIsRefusedNamingTheFileExpectedAndActual() {
        Map<String, String> sums = new LinkedHashMap<>(Fixtures.dataset().fileSha256());
        String file = sums.keySet().iterator().next();
        String actual = sums.get(file);
        String wrong = "0".repeat(64);
        sums.put(file, wrong);
        DataMismatchException e = assertThrows(DataMismatchException.class, () -> Fixtures.data().shard(
                partition(new ShardPartitioner(2, 10), 20, 0, sums), Normalization.UNIT_RANGE));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file) && e.getMessage().contains(wrong) && e.getMessage().contains(actual),
                e.getMessage());
    }

    @Test
    void aLocalFileTheServerDidNotPinIsRefused() {
        Map<String, String> sums = new LinkedHashMap<>(Fixtures.dataset().fileSha256());
        String file = sums.keySet().iterator().next();
        sums.remove(file);
        DataMismatchException e = assertThrows(DataMismatchException.class, () -> Fixtures.data().shard(
                partition(new ShardPartitioner(2, 10), 20, 0, sums), Normalization.UNIT_RANGE));
        assertEquals(file, e.file());
    }

    @Test
    void malformedPartitionsAreRefusedNamingTheField() {
        DataPartition good = Fixtures.iid(0);
        MalformedMessageException noFiles = assertThrows(MalformedMessageException.class, () -> Fixtures.data()
                .shard(good.toBuilder().setDataset(good.getDataset().toBuilder().clearFiles()).build(),
                        Normalization.UNIT_RANGE));
        assertEquals("DataPartition.dataset.files", noFiles.field());
        MalformedMessageException index = assertThrows(MalformedMessageException.class, () -> Fixtures.data()
                .shard(good.toBuilder().setDeviceIndex(Fixtures.DEVICES).build(), Normalization.UNIT_RANGE));
        assertEquals("DataPartition.device_index", index.field());
        MalformedMessageException name = assertThrows(MalformedMessageException.class, () -> Fixtures.data()
                .shard(good.toBuilder().setDataset(good.getDataset().toBuilder().setName("imagenet")).build(),
                        Normalization.UNIT_RANGE));
        assertEquals("DataPartition.dataset.name", name.field());
    }
}
