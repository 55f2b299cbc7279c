package org.fedqnn.server.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles from a file a user wrote: CSV and JSON read alike; every bad file is refused naming line and field. */
class DeviceProfileFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static final List<DeviceProfile> EXPECTED = List.of(new DeviceProfile(1e6, 2e9, Precision.fixed(4)),
            new DeviceProfile(1e7, 5e10, Precision.FLOAT32), new DeviceProfile(2.5e8, 1e11, Precision.FLOAT32));

    @Test
    void csvAndJsonGiveTheSameProfilesInDeviceOrder() throws IOException {
        Path csv = write("p.csv", """
                # three devices: a slow one that trains at 4 bits at most
                device,uplink_bits_per_second,macs_per_second,max_training
                0,1e6,2e9,4

                1,10000000,5e10,float32
                2, 2.5e8 , 1e11,
                """);
        Path json = write("p.json", """
                {"devices": [
                  {"uplink_bits_per_second": 1e6, "macs_per_second": 2e9, "max_training": 4},
                  {"uplink_bits_per_second": 1e7, "macs_per_second": "5e10", "max_training": "float"},
                  {"macs_per_second": 1e11, "uplink_bits_per_second": 2.5e8}
                ]}
                """);
        assertEquals(EXPECTED, DeviceProfileFile.read(csv, 3).all());
        assertEquals(EXPECTED, DeviceProfileFile.read(json, 3).all());
        Path bare = write("bare.json", "[{\"uplink_bits_per_second\": 1, \"macs_per_second\": 1}]");
        assertEquals(1, DeviceProfileFile.read(bare, 1).size());
        assertTrue(DeviceProfileFile.read(csv, 3).scenario().contains("p.csv"));
    }

    private void refused(String name, String text, int devices, String... parts) throws IOException {
        Path f = write(name, text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceProfileFile.read(f, devices));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void badCsvFilesAreRefusedNamingTheLineAndTheField() throws IOException {
        String header = "uplink_bits_per_second,macs_per_second\n";
        refused("count.csv", header + "1e6,1e9\n1e6,1e9\n", 3, "defines 2 devices", "N = 3");
        refused("rate.csv", header + "1e6,1e9\n-5,1e9\n", 2, "line 3", "uplink_bits_per_second", "'-5'");
        refused("macs.csv", header + "1e6,fast\n", 1, "line 2", "macs_per_second", "'fast'");
        refused("inf.csv", header + "Infinity,1e9\n", 1, "line 2", "uplink_bits_per_second");
        refused("cells.csv", header + "1e6\n", 1, "line 2", "1 fields");
        refused("unknown.csv", "uplink_bits_per_second,macs_per_second,colour\n", 0, "line 1", "colour");
        refused("missing.csv", "uplink_bits_per_second\n1e6\n", 1, "line 1", "macs_per_second", "missing");
        refused("twice.csv", "macs_per_second,macs_per_second\n", 1, "given twice");
        refused("bits.csv", "uplink_bits_per_second,macs_per_second,max_training\n1e6,1e9,40\n", 1, "line 2",
                "max_training", "'40'");
        refused("order.csv", "device,uplink_bits_per_second,macs_per_second\n1,1e6,1e9\n", 1, "line 2", "device",
                "expected 0");
        refused("empty.csv", "# nothing\n\n", 1, "empty");
    }

    @Test
    void badJsonFilesAreRefusedNamingTheLineAndTheField() throws IOException {
        refused("rate.json", "[\n{\"uplink_bits_per_second\": 1e6, \"macs_per_second\": 1},\n"
                + "{\"uplink_bits_per_second\": 0, \"macs_per_second\": 1}\n]", 2, "line 3", "device 1",
                "uplink_bits_per_second", "'0'");
        refused("missing.json", "[{\"uplink_bits_per_second\": 1e6}]", 1, "line 1", "macs_per_second", "missing");
        refused("unknown.json", "[{\"uplink\": 1e6}]", 1, "line 1", "'uplink'");
        refused("syntax.json", "[\n{\"uplink_bits_per_second\": 1e6,,}\n]", 1, "line 2", "not valid JSON");
        refused("duplicate.json", "[{\"macs_per_second\": 1, \"macs_per_second\": 2}]", 1, "not valid JSON",
                "macs_per_second");
        refused("object.json", "{\"profiles\": []}", 0, "'devices'");
        refused("nested.json", "[{\"uplink_bits_per_second\": [1]}]", 1, "number or a string");
        refused("scalar.json", "[1, 2]", 2, "must be an object");
        refused("count.json", "[]", 2, "defines 0 devices", "N = 2");
    }
}
