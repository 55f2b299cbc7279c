package org.fedqnn.proto.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceNameTest {

    @Test
    void namesOfTheRuleAreAccepted() {
        for (String name : new String[] {"d0", "jvm0-device12", "host-3.device_07", "A", "9", "x".repeat(64)}) {
            assertNull(DeviceName.problem(name), name);
            DeviceName.check("f", name);
        }
    }

    @Test
    void everythingElseIsDescribedWithoutEchoingTheName() {
        assertEquals("got an empty name", DeviceName.problem(""));
        assertEquals("got an empty name", DeviceName.problem(null));
        assertEquals("got 65 characters", DeviceName.problem("x".repeat(65)));
        assertEquals("got 10240 characters", DeviceName.problem("\u202E".repeat(10_240)));
        assertEquals("got U+002D '-' first", DeviceName.problem("-d0"));
        assertEquals("got U+002E '.' first", DeviceName.problem(".."));
        assertEquals("got U+0020 at position 2", DeviceName.problem("d 0"));
        assertEquals("got U+002F '/' at position 2", DeviceName.problem("a/../b"));
        assertEquals("got U+0085 at position 4", DeviceName.problem("dev\u0085ice"));
        assertEquals("got U+202E at position 4", DeviceName.problem("dev\u202Eexe.txt"));
        assertEquals("got U+003D '=' first", DeviceName.problem("=cmd"));
        assertEquals("got U+00E9 at position 2", DeviceName.problem("d\u00E9"));
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> DeviceName.check("RegisterRequest.device_name", "d\u0000"));
        assertEquals("RegisterRequest.device_name", e.field());
        assertEquals("RegisterRequest.device_name must be " + DeviceName.RULE + ", got U+0000 at position 2",
                e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7F));
    }
}
