package org.fedqnn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuotedTest {

    @Test
    void outsideTextIsQuotedEscapedAndCut() {
        assertEquals("'abc'", Quoted.of("abc"));
        assertEquals("null", Quoted.of(null));
        assertEquals("'a\\u0085b\\u202Ec\\u0000\\\\u202E\\u00E9'", Quoted.of("a\u0085b\u202Ec\u0000\\u202E\u00E9"),
                "controls, C1, bidi and non-ASCII escaped; a backslash doubled, so an escape cannot be forged");
        String q = Quoted.of("y".repeat(10_000));
        assertEquals("'" + "y".repeat(Quoted.MAX_QUOTED) + "'... (10000 characters)", q);
    }

    @Test
    void aDescriptionIsPrintableAsciiAndBounded() {
        assertNull(Quoted.description(null));
        assertEquals("plain", Quoted.description("plain"));
        assertEquals("a\\u2028b", Quoted.description("a\u2028b"));
        String exact = "z".repeat(Quoted.MAX_DESCRIPTION);
        assertEquals(exact, Quoted.description(exact));
        String cut = Quoted.description("\u202E".repeat(5000));
        assertEquals(Quoted.MAX_DESCRIPTION, cut.length());
        assertTrue(cut.endsWith("... (cut)"), cut);
        assertTrue(cut.chars().allMatch(c -> c >= 0x20 && c < 0x7F));
    }
}
