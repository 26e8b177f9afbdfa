package org.rnnexplorer.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference files written by numpy and torch (src/test/python/make_io_fixtures.py) and what expected.json says
 * they hold.
 */
final class Fixtures {

    private static final JsonNode EXPECTED = load();

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/io/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    static byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(path(name));
    }

    static JsonNode expected(String key) {
        JsonNode node = EXPECTED.get(key);
        if (node == null) throw new IllegalStateException("expected.json has no entry " + key);
        return node;
    }

    static int[] shape(String key) {
        return ints(expected(key).get("shape"));
    }

    static DType dtype(String key) {
        return DType.valueOf(expected(key).get("dtype").asText());
    }

    static long[] longs(String key, String field) {
        JsonNode list = expected(key).get(field);
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i).longValue();
        return out;
    }

    static double[] doubles(String key, String field) {
        JsonNode list = expected(key).get(field);
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i).doubleValue();
        return out;
    }

    static List<String> strings(String key, String field) {
        List<String> out = new ArrayList<>();
        expected(key).get(field).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Asserts {@code actual} equals the reference's float32 values bit for bit (NaN payloads, -0 and inf too). */
    static void assertFloat32Bits(String key, float[] actual) {
        long[] bits = longs(key, "float32_bits");
        assertEquals(bits.length, actual.length, key + ": element count");
        for (int i = 0; i < bits.length; i++) {
            int expectedBits = (int) bits[i];
            assertTrue(Float.floatToRawIntBits(actual[i]) == expectedBits,
                    key + "[" + i + "]: expected " + Float.intBitsToFloat(expectedBits) + " got " + actual[i]);
        }
    }

    static void assertShape(String key, int[] actual) {
        assertArrayEquals(shape(key), actual, key + ": shape");
    }

    private static int[] ints(JsonNode list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i).intValue();
        return out;
    }

    private static JsonNode load() {
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(path("expected.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
