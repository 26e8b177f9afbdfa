package org.rnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnexplorer.engine.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weights-only torch.save reader against files Debian's PyTorch 1.13 wrote
 * (src/test/python/make_torchsave_fixtures.py), each compared with its numpy twin; and refusals of hostile files,
 * both torch-written and crafted here with {@link TorchSaveFiles}.
 */
class TorchSaveTest {

    @TempDir
    Path dir;

    static Path fixture(String name) {
        return Fixtures.path("torchsave/" + name);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rnn_plain", "module_rnn_head", "rnn_noncontiguous_shared", "views", "dtypes", "rnn_float64",
        "checkpoint"})
    void everyTensorEqualsTheNumpyTwinBitForBit(String name) throws IOException {
        SafetensorsFile read = TorchSave.read(fixture(name + ".pt"));
        Map<String, NpyArray> twin = Npz.read(fixture(name + ".npz"));
        assertEquals(List.copyOf(twin.keySet()), List.copyOf(read.tensors().keySet()), "keys in the file's order");
        for (Map.Entry<String, NpyArray> e : twin.entrySet()) {
            Tensor t = read.tensor(e.getKey());
            assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey());
            float[] expected = e.getValue().toFloat();
            float[] actual = t.data();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), e.getKey() + "[" + i + "]");
            }
        }
        assertTrue(read.metadata().isEmpty());
    }

    /** One bit flipped inside a stored weight: ZipFile would hand it over as data; the entry's CRC-32 refuses it. */
    @Test
    void aFlippedBitInAStorageIsRefusedByItsCrc() throws IOException {
        Path damaged = dir.resolve("damaged.pt");
        byte[] file = Files.readAllBytes(fixture("rnn_plain.pt"));
        String name;
        byte[] storage;
        try (ZipFile zip = new ZipFile(fixture("rnn_plain.pt").toFile())) {
            var entry = zip.stream().filter(e -> e.getName().startsWith("rnn_plain/data/") && e.getSize() >= 16)
                    .findFirst().orElseThrow();
            name = entry.getName();
            try (var in = zip.getInputStream(entry)) {
                storage = in.readAllBytes();
            }
        }
        int at = -1;
        for (int i = 0; i + 16 <= file.length && at < 0; i++) {
            if (java.util.Arrays.equals(file, i, i + 16, storage, 0, 16)) at = i;
        }
        assertTrue(at >= 0, "the stored bytes are in the file as they are");
        file[at + 9] ^= 0x40; // an exponent bit of the third float
        Files.write(damaged, file);
        FormatException e = assertThrows(FormatException.class, () -> TorchSave.read(damaged));
        assertEquals(damaged + ": Bad CRC-32 for entry " + name + " (the archive is damaged)", e.getMessage());
    }

    @Test
    void fixturesReallyHoldViewsOfSharedStorages() throws IOException {
        // Guards the test above: views.pt must have fewer storages than tensors, and strided ones.
        try (ZipFile zip = new ZipFile(fixture("views.pt").toFile())) {
            long storages = zip.stream().filter(e -> e.getName().startsWith("views/data/")).count();
            assertEquals(2, storages, "base and its views share one storage; 'own' has the other");
        }
        try (ZipFile zip = new ZipFile(fixture("rnn_noncontiguous_shared.pt").toFile())) {
            assertEquals(1, zip.stream().filter(e -> e.getName().startsWith("rnn_noncontiguous_shared/data/")).count());
        }
    }

    @Test
    void recordsTheStoredDtypes() throws IOException {
        SafetensorsFile read = TorchSave.read(fixture("dtypes.pt"));
        assertEquals(Map.of("f64", DType.F64, "f32", DType.F32, "f16", DType.F16, "bf16", DType.BF16,
                "f16_transposed", DType.F16, "num_batches_tracked", DType.I64), read.dtypes());
        assertEquals(0, read.tensor("num_batches_tracked").rank());
        assertEquals(12345f, read.tensor("num_batches_tracked").data()[0]);
    }

    @Test
    void weightsFileReadsAnRnnUnderAModulePrefix() throws IOException {
        WeightsFile w = WeightsFile.read(fixture("module_rnn_head.pt"), null, null, null);
        assertTheBidirectionalRnnUnderRnnPrefix(w);
        assertTrue(w.loaded().otherKeys().containsAll(List.of("head.weight", "head.bias")));
    }

    /** The fixtures' model: nn.RNN(3, 5, bidirectional=True) saved as a module's "rnn." beside a head. */
    private static void assertTheBidirectionalRnnUnderRnnPrefix(WeightsFile w) {
        assertEquals("rnn.", w.loaded().prefix());
        assertEquals(3, w.loaded().config().inputSize());
        assertEquals(5, w.loaded().config().hiddenSize());
        assertTrue(w.loaded().config().bidirectional());
    }

    @Test
    void refusesAGlobalOutsideTheAllowList() {
        Path file = fixture("refuse_os_system.pt");
        FormatException e = assertThrows(FormatException.class, () -> TorchSave.read(file));
        assertEquals(file + ": refuse_os_system/data.pkl: refusing to load: the pickle names os.system", e.getMessage());
    }

    @Test
    void refusesAPickledModel() {
        Path file = fixture("refuse_pickled_model.pt");
        FormatException e = assertThrows(FormatException.class, () -> TorchSave.read(file));
        assertEquals(file + ": refuse_pickled_model/data.pkl: this file holds a pickled model, not a state_dict;"
                + " save model.state_dict()", e.getMessage());
    }

    /**
     * A training checkpoint ({'epoch', 'model_state_dict', 'optimizer_state_dict', 'loss'}, as PyTorch's tutorials save
     * one) is read as its model's state_dict (the parameterised twin test checks every tensor); one holding two RNN
     * state_dicts is refused, naming both.
     */
    @Test
    void aCheckpointIsReadAsItsModelsStateDictAndTwoModelsAreNamed() throws IOException {
        WeightsFile w = WeightsFile.read(fixture("checkpoint.pt"), null, null, null);
        assertTheBidirectionalRnnUnderRnnPrefix(w);
        assertEquals(List.of("head.weight", "head.bias"), w.loaded().otherKeys(), "not the optimizer's or the epoch");
        Path two = fixture("refuse_two_models.pt");
        FormatException e = assertThrows(FormatException.class, () -> TorchSave.read(two));
        assertEquals(two + ": a checkpoint holding 2 RNN state_dicts ('model', 'ema'); save the one to open on its own "
                + "(torch.save(checkpoint['model'], f))", e.getMessage());
    }

    @Test
    void refusesTheLegacyFormat() {
        Path file = fixture("refuse_legacy.pt");
        FormatException e = assertThrows(FormatException.class, () -> TorchSave.read(file));
        assertTrue(e.getMessage().startsWith(file + ": saved by PyTorch before 1.6 or with "
                + "_use_new_zipfile_serialization=False"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesFilesThatAreNotZipsOrNotTorchSave() throws IOException {
        Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
        assertMessage(empty, "not a torch.save file (it does not start with a zip header)");
        Path text = Files.writeString(dir.resolve("text.pt"), "hello world");
        assertMessage(text, "not a torch.save file (it does not start with a zip header)");
        Path noPickle = TorchSaveFiles.zip(dir.resolve("other.pt"), Map.of("other/readme.txt", new byte[] {1}));
        assertMessage(noPickle, "a zip without data.pkl, not a torch.save file");
        Path script = TorchSaveFiles.zip(dir.resolve("script.pt"), Map.of("script/data.pkl", new byte[] {'.'},
                "script/constants.pkl", new byte[] {'.'}));
        assertMessage(script, "holds a TorchScript model (torch.jit.save), not a state_dict; save model.state_dict() with torch.save");
        Path truncated = Files.write(dir.resolve("cut.pt"),
                java.util.Arrays.copyOf(Files.readAllBytes(fixture("rnn_plain.pt")), 1000));
        assertTrue(message(truncated).startsWith(truncated + ": not a torch.save file: broken zip"), message(truncated));
        assertMessage(dir, "not a regular file");
    }

    /**
     * A torch.save zip named .safetensors (or .bin), and a safetensors file named .pt: each is said to be what it is,
     * with the name that reads it, by every reader. Before: "header length 578712552184433488 is absurd ...; is this a
     * safetensors file?" and "not a torch.save file (it does not start with a zip header)".
     */
    @Test
    void aWeightsFileUnderTheOtherFormatsNameIsSaidToBeWhatItIs() throws IOException {
        String zip = "a zip archive, as torch.save writes, not a safetensors file; name it .pt or .pth to read it as a"
                + " torch.save file";
        for (String name : List.of("w.safetensors", "pytorch_model.bin")) {
            Path file = Files.copy(fixture("rnn_plain.pt"), dir.resolve(name));
            assertEquals(file + ": " + zip, assertThrows(FormatException.class, () -> Safetensors.read(file)).getMessage());
            assertEquals(file + ": " + zip,
                    assertThrows(FormatException.class, () -> Safetensors.readHeaders(file)).getMessage());
            assertEquals(file + ": " + zip,
                    assertThrows(FormatException.class, () -> WeightsFile.readRnn(file, null, null, null)).getMessage());
        }
        Path legacy = Files.copy(fixture("refuse_legacy.pt"), dir.resolve("legacy.safetensors"));
        assertEquals(legacy + ": a pickle, as torch.save wrote before PyTorch 1.6, not a safetensors file; load it in"
                + " PyTorch and save it again with torch.save(state_dict, 'model.pt')",
                assertThrows(FormatException.class, () -> Safetensors.read(legacy)).getMessage());

        Path st = dir.resolve("w.pt");
        Safetensors.write(st, Map.of("weight_ih_l0", Tensor.zeros(2, 1)), Map.of(), DType.F32);
        String safetensors = "a safetensors file, not a torch.save zip; name it .safetensors to read it as one";
        assertMessage(st, safetensors);
        assertEquals(st + ": " + safetensors,
                assertThrows(FormatException.class, () -> TorchSave.readHeaders(st)).getMessage());
        assertEquals(st + ": " + safetensors,
                assertThrows(FormatException.class, () -> WeightsFile.describe(st, null, null, null)).getMessage());
    }

    @Test
    void readsAHandMadeFileTheSameWayAsTorchWrites() throws IOException {
        // The crafting helper is itself checked: a 2x3 transposed view of a 6-element storage.
        Path file = TorchSaveFiles.oneTensor(dir.resolve("w.pt"), 6, 0, new long[] {3, 2}, new long[] {1, 3},
                TorchSaveFiles.floats(0, 1, 2, 3, 4, 5));
        Tensor t = TorchSave.read(file).tensor("w");
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.data());
    }

    @Test
    void refusesAViewReachingPastItsStorage() throws IOException {
        Path file = TorchSaveFiles.oneTensor(dir.resolve("w.pt"), 6, 1, new long[] {3, 2}, new long[] {1, 3},
                TorchSaveFiles.floats(0, 1, 2, 3, 4, 5));
        assertMessage(file, "w/data.pkl: a tensor of size [3, 2], stride [1, 3] at offset 1 reaches element 6 of storage 0,"
                + " which holds 6");
    }

    @Test
    void refusesAnExpandedViewLargerThanTheHeapBeforeGatheringIt() throws IOException {
        // One float expanded (stride 0) to 2·10^9 elements, under 32 names: 256 GB as float32, more than any heap
        // here, from a file of a few kilobytes. Gathering the first view alone ran out of heap before.
        String[] keys = new String[32];
        for (int k = 0; k < keys.length; k++) keys[k] = "w" + k;
        Path file = TorchSaveFiles.sameView(dir.resolve("w.pt"), keys, 1, 0, new long[] {2_000_000_000L}, new long[] {0},
                TorchSaveFiles.floats(1));
        var e = assertThrows(org.rnnexplorer.engine.MemoryBudget.MemoryLimitException.class, () -> TorchSave.read(file));
        assertTrue(e.getMessage().startsWith(file + ": its tensors as float32 (the largest, 'w0', (2000000000,)) needs "
                + "about 256.0 GB; the heap can give "), e.getMessage());
        // A small expanded view is read as PyTorch reads it: the one value repeated.
        Path small = TorchSaveFiles.oneTensor(dir.resolve("s.pt"), 1, 0, new long[] {2, 3}, new long[] {0, 0},
                TorchSaveFiles.floats(7));
        assertArrayEquals(new float[] {7, 7, 7, 7, 7, 7}, TorchSave.read(small).tensor("w").data());
    }

    @Test
    void readsOnlyTheRnnsTensorsSoAHugeUnusedOneCostsNothing() throws IOException {
        // fc.weight and fc2.weight expanded to (46000, 46000) are 8.5 GB each as float32: reading every tensor before choosing refused the
        // file (or filled the heap); the RNN's two weights are all the window and forward need.
        Map<String, long[]> sizes = new LinkedHashMap<>();
        sizes.put("rnn.weight_ih_l0", new long[] {2, 1});
        sizes.put("rnn.weight_hh_l0", new long[] {2, 2});
        sizes.put("fc.weight", new long[] {46000, 46000});
        sizes.put("fc2.weight", new long[] {46000, 46000});
        Path file = TorchSaveFiles.expanded(dir.resolve("m.pt"), sizes, 0.25f);
        assertThrows(org.rnnexplorer.engine.MemoryBudget.MemoryLimitException.class, () -> TorchSave.read(file));
        WeightsFile w = WeightsFile.readRnn(file, null, null, null);
        assertEquals("rnn.", w.loaded().prefix());
        assertFalse(w.loaded().config().bias());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, w.loaded().parameters().weightHh(0, 0));
        // The window opens it the same way (File ▸ Open weights, drag and drop).
        assertArrayEquals(new float[] {0.25f, 0.25f}, WeightsFile.read(file, null).loaded().parameters().weightIh(0, 0));
        // A file with no RNN still names what it holds, though only RNN keys are read.
        Map<String, long[]> cnn = new LinkedHashMap<>();
        cnn.put("conv.weight", new long[] {2, 2});
        cnn.put("fc.weight", new long[] {46000, 46000});
        Path other = TorchSaveFiles.expanded(dir.resolve("cnn.pt"), cnn, 1f);
        assertEquals(other + ": no RNN parameters (weight_ih_l0, weight_hh_l0, ...) found (keys: conv.weight, fc.weight)",
                assertThrows(FormatException.class, () -> WeightsFile.readRnn(other, null, null, null)).getMessage());
    }

    @Test
    void refusesADimensionNoJavaArrayHoldsEvenWhenTheTensorIsEmpty() throws IOException {
        // (0, 2^62) has no elements, but its shape was cast to int and read back as (0, 0).
        Path file = TorchSaveFiles.oneTensor(dir.resolve("w.pt"), 1, 0, new long[] {0, 1L << 62}, new long[] {0, 0},
                TorchSaveFiles.floats(1));
        assertMessage(file, "'w' has a dimension of 4611686018427387904, larger than this program can hold");
    }

    @Test
    void refusesAFiniteFloat64BeyondFloat32sRangeNamingTheTensorAndElement() throws IOException {
        // As float32 it would become inf and every output NaN, from a file that holds finite numbers; an inf stays inf.
        for (double[] values : new double[][] {{0.5, -2, 1e300}, {0.5, Double.POSITIVE_INFINITY, -4e38}}) {
            Path file = dir.resolve("d.pt");
            ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) b.putDouble(v);
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("d/data.pkl", TorchSaveFiles.pickle("w", "DoubleStorage", 3, 0, new long[] {3}, new long[] {1}));
            entries.put("d/data/0", b.array());
            entries.put("d/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            TorchSaveFiles.zip(file, entries);
            assertMessage(file, "tensor 'w': its float64 storage's element 2 is " + values[2]
                    + ", beyond float32's range (±3.4028235e38)");
        }
        Path file = dir.resolve("i.pt");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putDouble(Double.NEGATIVE_INFINITY).putDouble(3.4e38);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("i/data.pkl", TorchSaveFiles.pickle("w", "DoubleStorage", 2, 0, new long[] {2}, new long[] {1}));
        entries.put("i/data/0", b.array());
        entries.put("i/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        TorchSaveFiles.zip(file, entries);
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, 3.4e38f}, TorchSave.read(file).tensor("w").data(),
                "an infinity in the file and a float64 within float32's range load as they are");
    }

    @Test
    void refusesAStorageEntryOfTheWrongSize() throws IOException {
        Path file = TorchSaveFiles.oneTensor(dir.resolve("w.pt"), 100, 0, new long[] {2}, new long[] {1},
                TorchSaveFiles.floats(1, 2));
        assertMessage(file, "entry w/data/0 holds 8 bytes but its tensors need 400 (100 × F32)");
    }

    @Test
    void refusesAStorageLargerThanJavaArraysBeforeReadingIt() throws IOException {
        Path file = TorchSaveFiles.oneTensor(dir.resolve("w.pt"), 1L << 40, 0, new long[] {2}, new long[] {1},
                TorchSaveFiles.floats(1, 2));
        assertMessage(file, "storage 0 of 1099511627776 F32 elements is larger than this program can hold");
    }

    @Test
    void refusesATensorWhoseSizeOverflows() throws IOException {
        Path file = TorchSaveFiles.oneTensor(dir.resolve("w.pt"), 2, 0, new long[] {1L << 40, 1L << 40},
                new long[] {0, 0}, TorchSaveFiles.floats(1, 2));
        assertMessage(file, "w/data.pkl: a tensor's size [1099511627776, 1099511627776] overflows");
    }

    @Test
    void refusesMissingAndCompressedStorageEntries() throws IOException {
        byte[] pickle = TorchSaveFiles.pickle("w", "FloatStorage", 2, 0, new long[] {2}, new long[] {1});
        Path missing = TorchSaveFiles.zip(dir.resolve("m.pt"), Map.of("m/data.pkl", pickle));
        assertMessage(missing, "storage 0 has no entry m/data/0");
        Path deflated = TorchSaveFiles.zip(dir.resolve("d.pt"), Map.of("d/data.pkl", pickle, "d/data/0",
                TorchSaveFiles.floats(1, 2)), "d/data/0");
        assertMessage(deflated, "entry d/data/0 is compressed; torch.save stores its entries uncompressed");
    }

    @Test
    void refusesBigEndianFiles() throws IOException {
        byte[] pickle = TorchSaveFiles.pickle("w", "FloatStorage", 2, 0, new long[] {2}, new long[] {1});
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("b/data.pkl", pickle);
        entries.put("b/byteorder", "big".getBytes());
        entries.put("b/data/0", TorchSaveFiles.floats(1, 2));
        assertMessage(TorchSaveFiles.zip(dir.resolve("b.pt"), entries), "byteorder is 'big'; only little-endian files are read");
    }

    @Test
    void refusesACheckpointThatIsNotAStateDict() throws IOException {
        // {'epoch': 3}: what torch.save({'epoch': epoch, 'model': ...}) starts with.
        byte[] pickle = {(byte) 0x80, 2, '}', 'X', 5, 0, 0, 0, 'e', 'p', 'o', 'c', 'h', 'K', 3, 's', '.'};
        Path file = TorchSaveFiles.zip(dir.resolve("c.pt"), Map.of("c/data.pkl", pickle));
        assertMessage(file, "'epoch' is the integer 3, not a tensor; this file is not a state_dict (save model.state_dict() on its own)");
        byte[] list = {(byte) 0x80, 2, ']', '.'};
        assertMessage(TorchSaveFiles.zip(dir.resolve("l.pt"), Map.of("l/data.pkl", list)), "holds a list, not a state_dict (a dict of tensors)");
    }

    @Test
    void boundsThePicklesNestingStackAndStrings() throws IOException {
        byte[] deep = new byte[2 + 100 + 1];
        deep[0] = (byte) 0x80;
        deep[1] = 2;
        java.util.Arrays.fill(deep, 2, 102, (byte) '(');
        deep[102] = '.';
        assertMessage(TorchSaveFiles.zip(dir.resolve("n.pt"), Map.of("n/data.pkl", deep)), "n/data.pkl: the pickle nests deeper than 64");

        byte[] wide = new byte[2 + TorchPickle.MAX_STACK + 2];
        wide[0] = (byte) 0x80;
        wide[1] = 2;
        java.util.Arrays.fill(wide, 2, wide.length - 1, (byte) 'N');
        wide[wide.length - 1] = '.';
        assertMessage(TorchSaveFiles.zip(dir.resolve("s.pt"), Map.of("s/data.pkl", wide)),
                "s/data.pkl: the pickle's stack exceeds " + TorchPickle.MAX_STACK + " values");

        byte[] longString = {(byte) 0x80, 2, 'X', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 'a', '.'};
        assertMessage(TorchSaveFiles.zip(dir.resolve("x.pt"), Map.of("x/data.pkl", longString)),
                "x/data.pkl: a string of 2147483647 bytes where 2 remain");

        byte[] cut = {(byte) 0x80, 2, '}', 'X', 5, 0};
        assertMessage(TorchSaveFiles.zip(dir.resolve("t.pt"), Map.of("t/data.pkl", cut)), "t/data.pkl: the pickle ends early (truncated file?)");

        byte[] unknownMemo = {(byte) 0x80, 2, 'h', 7, '.'};
        assertMessage(TorchSaveFiles.zip(dir.resolve("u.pt"), Map.of("u/data.pkl", unknownMemo)),
                "u/data.pkl: memo entry 7 is read before it is written");
    }

    @Test
    void refusesOpcodesAStateDictDoesNotNeed() throws IOException {
        // INST 'os\nsystem\n' would call os.system in Python's unpickler.
        byte[] inst = {(byte) 0x80, 2, '(', 'i', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', '.'};
        assertMessage(TorchSaveFiles.zip(dir.resolve("i.pt"), Map.of("i/data.pkl", inst)),
                "i/data.pkl: unsupported pickle opcode 0x69 at byte 3 (a state_dict needs none)");
        // STACK_GLOBAL 'builtins' 'eval': the protocol-4 way to name a function.
        byte[] stackGlobal = {(byte) 0x80, 4, (byte) 0x8c, 8, 'b', 'u', 'i', 'l', 't', 'i', 'n', 's',
                (byte) 0x8c, 4, 'e', 'v', 'a', 'l', (byte) 0x93, '.'};
        assertMessage(TorchSaveFiles.zip(dir.resolve("g.pt"), Map.of("g/data.pkl", stackGlobal)),
                "g/data.pkl: refusing to load: the pickle names builtins.eval");
        // REDUCE on a storage type: only OrderedDict and _rebuild_tensor_v2 are ever called.
        byte[] callStorage = {(byte) 0x80, 2, 'c', 't', 'o', 'r', 'c', 'h', '\n', 'F', 'l', 'o', 'a', 't', 'S', 't', 'o',
                'r', 'a', 'g', 'e', '\n', ')', 'R', '.'};
        assertMessage(TorchSaveFiles.zip(dir.resolve("r.pt"), Map.of("r/data.pkl", callStorage)),
                "r/data.pkl: REDUCE calls torch.FloatStorage (only OrderedDict and _rebuild_tensor_v2 are called)");
    }

    private void assertMessage(Path file, String expectedAfterFile) {
        assertEquals(file + ": " + expectedAfterFile, message(file));
    }

    private static String message(Path file) {
        FormatException e = assertThrows(FormatException.class, () -> TorchSave.read(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void torchWroteTheFixturesUncompressedUnderAFolderNamedAfterTheFile() throws IOException {
        // The layout the reader relies on, as seen in files torch 1.13 wrote.
        try (ZipFile zip = new ZipFile(fixture("rnn_plain.pt").toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                assertTrue(e.getName().startsWith("rnn_plain/"), e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
            }
            assertTrue(zip.getEntry("rnn_plain/version") != null);
        }
    }

    /**
     * Two storages under one entry name (torch.save never writes them; a hand-made zip can): refused by name. Before:
     * ZipFile opened the entry by name, so a second tensor's view read the first storage's bytes as its own.
     */
    @Test
    void refusesAZipWithTwoEntriesOfOneName() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("w/data.pkl", TorchSaveFiles.pickle("w", "FloatStorage", 2, 0, new long[] {2}, new long[] {1}));
        entries.put("w/data/0", TorchSaveFiles.floats(1, 2));
        entries.put("w/data/9", TorchSaveFiles.floats(3, 4));
        entries.put("w/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        String bytes = new String(TorchSaveFiles.zipBytes(entries), StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("w.pt");
        Files.write(file, bytes.replace("w/data/9", "w/data/0").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(file + ": the zip has two entries named 'w/data/0'; torch.load would read only one of them; save"
                + " the state_dict again with torch.save",
                assertThrows(FormatException.class, () -> TorchSave.read(file)).getMessage());
    }
}
