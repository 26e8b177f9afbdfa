package org.rnnexplorer.ui.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.Npy;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.weights.SafetensorsWeightsFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs and PyTorch's outputs for them written by src/test/python/make_ui_data_fixtures.py. */
class DataViewModelTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/ui");

    final ModelViewModel form = new ModelViewModel();
    RnnParameters weights;

    DataViewModel viewModel() throws IOException {
        form.inputSizeProperty().set("2");
        form.hiddenSizeProperty().set("32");
        form.numLayersProperty().set("1");
        form.nonlinearityProperty().set(Nonlinearity.RELU);
        form.batchFirstProperty().set(false);
        form.h0Property().set(false);
        weights = new SafetensorsWeightsFiles().open(Path.of("sample-data/irnn-adding-t50.safetensors"),
                form.stateProperty().get().config());
        // The window's wiring: the form's fields take what the Data pane sets; its weights follow its model (a
        // batch_first or nonlinearity change keeps the numbers, as the Weights pane does).
        form.stateProperty().addListener((o, a, st) -> {
            if (st != null && weights != null) weights = weights.withConfig(st.config());
        });
        return new DataViewModel(Runnable::run, Runnable::run, form.stateProperty()::get, () -> weights, () -> "scalar",
                form::applyForm);
    }

    @Test
    void anImportedInputAndPyTorchsOutputForItAgree() throws IOException {
        DataViewModel vm = viewModel();
        form.seqLenProperty().set("7");
        form.batchProperty().set("2");
        assertEquals(DataViewModel.GUIDE_START, vm.guideProperty().get(), "nothing imported: how to start");
        vm.importInput(FIXTURES.resolve("data_input.npy"));
        assertEquals("", vm.messageProperty().get());
        assertEquals(DataViewModel.GUIDE_REFERENCE, vm.guideProperty().get(), "an input: the next step");
        assertEquals("data_input.npy (7, 2, 2)", vm.inputSourceProperty().get());
        assertSame(vm.inputProperty().get(), vm.inputFor(form.stateProperty().get()), "the explore run takes it");
        vm.importReference(FIXTURES.resolve("data_output.npy"));
        DataViewModel.Comparison c = vm.comparisonProperty().get();
        assertNotNull(c, vm.messageProperty().get());
        assertArrayEquals(new int[] {7, 2, 32}, c.delta().shape());
        assertTrue(c.relativeError() < 1e-5, "relative error " + c.relativeError());
        assertTrue(c.maxAbsDifference() < 1e-5);
        assertEquals("", vm.guideProperty().get(), "a comparison: no guide");
        // The comparison is rnn(x), h_0 = 0; with the form passing h_0 the other panes run another pass, and say so.
        assertEquals("Compared as rnn(x): h_0 = 0, eval mode.", vm.comparedAs());
        form.h0Property().set(true);
        assertTrue(vm.comparedAs().contains("The other panes pass the form's seeded h_0"), vm.comparedAs());
        form.h0Property().set(false);
        form.seqLenProperty().set("8");
        assertNull(vm.inputFor(form.stateProperty().get()), "a form that no longer fits gets its own random input");
    }

    @Test
    void aCsvSeriesFillsABatchOfOneAndOtherWeightsShowTheDifference() throws IOException {
        DataViewModel vm = viewModel();
        form.seqLenProperty().set("9");
        form.batchProperty().set("1");
        vm.importInput(FIXTURES.resolve("data_series.csv"));
        assertArrayEquals(new int[] {9, 1, 2}, vm.inputProperty().get().shape());
        vm.importReference(FIXTURES.resolve("data_series_output.npy"));
        assertTrue(vm.comparisonProperty().get().relativeError() < 1e-5);
        for (int i = 0; i < 32; i++) weights.get("bias_ih_l0")[i] += 0.5f;
        vm.modelChanged();
        assertTrue(vm.comparisonProperty().get().maxAbsDifference() > 1e-3, "changed weights no longer match PyTorch's");
    }

    @Test
    void anArchiveOfSeveralArraysGivesTheNamedOnesAndIntegersAreRefused(@TempDir Path dir) throws IOException {
        DataViewModel vm = viewModel();
        form.seqLenProperty().set("7");
        form.batchProperty().set("2");
        // np.savez("xy.npz", x=x, out=out): a file chooser cannot say xy.npz:x, so the names are looked for.
        Path both = dir.resolve("xy.npz");
        Map<String, Tensor> xy = new LinkedHashMap<>();
        xy.put("x", Npy.read(FIXTURES.resolve("data_input.npy")).toTensor());
        xy.put("out", Npy.read(FIXTURES.resolve("data_output.npy")).toTensor());
        Npz.write(both, xy);
        vm.importInput(both);
        assertEquals("", vm.messageProperty().get());
        vm.importReference(both);
        assertNotNull(vm.comparisonProperty().get(), vm.messageProperty().get());
        assertTrue(vm.comparisonProperty().get().maxAbsDifference() < 1e-5);
        Path unnamed = dir.resolve("ab.npz");
        Map<String, Tensor> ab = new LinkedHashMap<>();
        ab.put("a", Tensor.zeros(7, 2, 2));
        ab.put("b", Tensor.zeros(7, 2, 2));
        Npz.write(unnamed, ab);
        vm.importInput(unnamed);
        assertEquals("ab.npz: holds a, b; name the array x or input or inputs (np.savez(f, x=...)), or save it alone",
                vm.messageProperty().get());
        // Integer "outputs" were compared as floats (max |Δ| = 87): refused instead.
        Path ints = dir.resolve("y_int.npy");
        Npy.writeLong(ints, new int[] {7, 2, 32}, new long[7 * 2 * 32]);
        vm.importReference(ints);
        assertTrue(vm.messageProperty().get().startsWith("y_int.npy: its values are i64, not floating point"),
                vm.messageProperty().get());
    }

    @Test
    void filesThatDoNotFitGetOneLineNamingThemAndTheExpectedShape(@TempDir Path dir) throws IOException {
        DataViewModel vm = viewModel();
        vm.importReference(FIXTURES.resolve("data_output.npy"));
        assertEquals("data_output.npy: import the input PyTorch was given first (File ▸ Import input…)",
                vm.messageProperty().get());
        form.seqLenProperty().set("7");
        form.batchProperty().set("2");
        vm.importInput(FIXTURES.resolve("data_input.npy"));
        vm.importReference(FIXTURES.resolve("data_input.npy"));
        assertEquals("data_input.npy: (7, 2, 2) is not the output shape (7, 2, 32) of the form's model on this input",
                vm.messageProperty().get());
        // h_n, which PyTorch returns beside the output and people keep, is named as such.
        Npy.write(dir.resolve("h_n.npy"), Tensor.zeros(1, 2, 32));
        vm.importReference(dir.resolve("h_n.npy"));
        assertEquals("h_n.npy: (1, 2, 32) is not the output shape (7, 2, 32) of the form's model on this input; (1, 2, 32) "
                + "is h_n's shape: save the output instead (out, h_n = rnn(x); np.save('out.npy', out.detach().numpy()))",
                vm.messageProperty().get());
        // The last axis is input_size, which the weights fix: PyTorch's words, and the form and input stay.
        var before = form.stateProperty().get();
        var input = vm.inputProperty().get();
        vm.importInput(FIXTURES.resolve("data_output.npy"));
        assertEquals("data_output.npy: (7, 2, 32): input.size(-1) must be equal to input_size. Expected 2, got 32",
                vm.messageProperty().get());
        assertSame(before, form.stateProperty().get());
        assertSame(input, vm.inputProperty().get());
        Npy.write(dir.resolve("x4.npy"), Tensor.zeros(1, 7, 2, 2));
        vm.importInput(dir.resolve("x4.npy"));
        assertEquals("x4.npy: (1, 7, 2, 2) is not an RNN input: (L, H_in) or (L, N, H_in), with H_in = input_size = 2",
                vm.messageProperty().get());
        Npy.write(dir.resolve("empty.npy"), Tensor.zeros(7, 0, 2));
        vm.importInput(dir.resolve("empty.npy"));
        assertEquals("empty.npy: (7, 0, 2) holds no sequence (N = 0)", vm.messageProperty().get());
        Npy.write(dir.resolve("huge.npy"), Tensor.zeros(1025, 1024, 2));
        vm.importInput(dir.resolve("huge.npy"));
        assertEquals("huge.npy: (1025, 1024, 2) holds 1049600 steps × sequences; RNN Explorer keeps every step, at most "
                + "1048576", vm.messageProperty().get());
        assertSame(before, form.stateProperty().get(), "refused files leave the form as it was");
        vm.importInput(FIXTURES.resolve("missing.npy"));
        assertTrue(vm.messageProperty().get().contains("missing.npy"), vm.messageProperty().get());
    }

    @Test
    void anInputOrOutputHoldingNanOrInfinityIsRefusedInOneLineNamingTheElementAndTheLastInputStays(@TempDir Path dir)
            throws IOException {
        DataViewModel vm = viewModel();
        form.seqLenProperty().set("9");
        form.batchProperty().set("1");
        vm.importInput(FIXTURES.resolve("data_series.csv"));
        var good = vm.inputProperty().get();
        assertNotNull(good);
        // Python's float() spellings, which the CSV reader takes: the values parse, and must then be refused.
        for (String[] bad : new String[][] {{"nan", "NaN"}, {"-inf", "-Infinity"}}) {
            Path csv = dir.resolve("with-" + bad[0].replace("-", "minus-") + ".csv");
            List<String> lines = Files.readAllLines(FIXTURES.resolve("data_series.csv"));
            lines.set(4, lines.get(4).replaceFirst(",.*", "," + bad[0])); // row 3 of the data, column 1
            Files.write(csv, lines);
            vm.importInput(csv);
            assertEquals(csv.getFileName() + ": element [3, 1] is " + bad[1] + "; the input must be finite, as the weights "
                    + "must", vm.messageProperty().get());
            assertSame(good, vm.inputProperty().get(), "the explore run keeps the last finite input");
            assertEquals("data_series.csv (9, 1, 2)", vm.inputSourceProperty().get());
        }
        vm.importInput(FIXTURES.resolve("data_series.csv"));
        assertEquals("", vm.messageProperty().get());
        Path out = dir.resolve("out.csv");
        StringBuilder rows = new StringBuilder();
        for (int c = 0; c < 32; c++) rows.append(c == 0 ? "" : ",").append("h").append(c);
        for (int t = 0; t < 9; t++) {
            rows.append('\n');
            for (int c = 0; c < 32; c++) rows.append(c == 0 ? "" : ",").append(t == 2 && c == 5 ? "inf" : "0.5");
        }
        Files.writeString(out, rows.append('\n'));
        vm.importReference(out);
        assertEquals("out.csv: element [2, 5] is Infinity; PyTorch's output must be finite to compare with",
                vm.messageProperty().get());
        assertNull(vm.referenceProperty().get());
        assertFalse(vm.messageProperty().get().contains("\n"));
    }

    @Test
    void anImportedInputsShapeBecomesTheFormsSeqLenAndBatchInItsLayout() throws IOException {
        DataViewModel vm = viewModel();
        form.seqLenProperty().set("3");
        form.batchProperty().set("5");
        form.lengthsProperty().set("3,2,2,1,1");
        form.h0Property().set(true);
        vm.importInput(FIXTURES.resolve("data_input.npy")); // (7, 2, 2): L = 7, N = 2 time-first
        assertEquals("", vm.messageProperty().get());
        assertEquals("7", form.seqLenProperty().get());
        assertEquals("2", form.batchProperty().get());
        assertEquals("", form.lengthsProperty().get(), "five lengths do not fit two sequences");
        assertFalse(form.h0Property().get(), "rnn(x): the form's seeded h_0 was no one's");
        assertEquals("Model & shapes now has seq_len 7, batch 2, no lengths (they were for another batch) and h_0 = 0, "
                + "as rnn(x) has (pass h_0 unticked) (read as (L, N, H_in), batch_first=False).", vm.noteProperty().get());
        assertSame(vm.inputProperty().get(), vm.inputFor(form.stateProperty().get()), "every pane runs on it");
        vm.importReference(FIXTURES.resolve("data_output.npy"));
        assertTrue(vm.comparisonProperty().get().matches(), "" + vm.comparisonProperty().get().relativeError());
        assertNull(vm.comparisonProperty().get().matching());
        // batch_first reads the same array as (N, L, H_in).
        form.batchFirstProperty().set(true);
        vm.importInput(FIXTURES.resolve("data_input.npy"));
        assertEquals("2", form.seqLenProperty().get());
        assertEquals("7", form.batchProperty().get());
        assertEquals("Model & shapes now has seq_len 2 and batch 7 (read as (N, L, H_in), batch_first=True).",
                vm.noteProperty().get());
        // A CSV is one sequence: a batch of one, or the unbatched (L, H_in) when the form says so.
        vm.importInput(FIXTURES.resolve("data_series.csv"));
        assertEquals("9", form.seqLenProperty().get());
        assertEquals("1", form.batchProperty().get());
        assertArrayEquals(new int[] {1, 9, 2}, vm.inputProperty().get().shape());
        form.unbatchedProperty().set(true);
        vm.importInput(FIXTURES.resolve("data_series.csv"));
        assertArrayEquals(new int[] {9, 2}, vm.inputProperty().get().shape());
        assertEquals("", vm.noteProperty().get(), "nothing changed in the form");
        // A 3-D file is batched whatever the form said.
        vm.importInput(FIXTURES.resolve("data_input.npy"));
        assertFalse(form.unbatchedProperty().get());
        assertEquals("Model & shapes now has seq_len 2, batch 7 and batched input (read as (N, L, H_in), "
                + "batch_first=True).", vm.noteProperty().get());
        // A form changed afterwards no longer fits it: the panes run on random numbers, and the pane says so.
        form.batchFirstProperty().set(false);
        vm.modelChanged();
        assertNull(vm.inputFor(form.stateProperty().get()));
        assertEquals("data_input.npy (7, 2, 2) does not fit the form's input (2, 7, 2) (L, N, H_in), batch_first=False "
                + "any more: the panes run on seeded random input. Import it again to take its shape into the form, or "
                + "Use random input.", vm.messageProperty().get());
        assertEquals("", vm.noteProperty().get(), "what the import changed is no longer the form");
        form.batchFirstProperty().set(true);
        vm.modelChanged();
        assertEquals("", vm.messageProperty().get(), "fitting again");
    }

    /** PyTorch built the same weights with batch_first=True, nonlinearity='tanh' or both (make_ui_data_fixtures.py). */
    @Test
    void anOutputThatIsOursUnderAnotherBatchFirstOrNonlinearityNamesItAndUsingItMatches() throws IOException {
        DataViewModel vm = viewModel(); // relu, batch_first=False
        String[][] cases = {
            {"data_input.npy", "data_output_tanh.npy", "nonlinearity='tanh'", "7", "2"},
            {"data_input_bf.npy", "data_output_bf.npy", "batch_first=True", "5", "3"},
            {"data_input_bf.npy", "data_output_bf_tanh.npy", "batch_first=True, nonlinearity='tanh'", "5", "3"},
        };
        for (String[] c : cases) {
            form.nonlinearityProperty().set(Nonlinearity.RELU);
            form.batchFirstProperty().set(false);
            vm.importInput(FIXTURES.resolve(c[0]));
            vm.importReference(FIXTURES.resolve(c[1]));
            DataViewModel.Comparison before = vm.comparisonProperty().get();
            assertNotNull(before, vm.messageProperty().get());
            assertFalse(before.matches(), c[1] + " is not ours under relu, batch_first=False: " + before.relativeError());
            assertNotNull(before.matching(), c[1]);
            assertEquals(c[2], before.matching().settings());
            assertTrue(before.matching().relativeError() < 1e-5, "" + before.matching().relativeError());
            vm.useMatchingReading();
            DataViewModel.Comparison after = vm.comparisonProperty().get();
            assertNotNull(after, vm.messageProperty().get());
            assertTrue(after.relativeError() < 1e-5, c[1] + ": " + after.relativeError());
            assertEquals(c[3], form.seqLenProperty().get(), "L read under " + c[2]);
            assertEquals(c[4], form.batchProperty().get());
            assertEquals(c[2].contains("tanh") ? Nonlinearity.TANH : Nonlinearity.RELU, form.nonlinearityProperty().get());
            assertEquals(c[2].contains("batch_first"), form.batchFirstProperty().get());
            assertTrue(vm.noteProperty().get().startsWith("Model & shapes now has " + c[2]), vm.noteProperty().get());
            assertTrue(vm.noteProperty().get().contains(c[2].startsWith("batch_first") ? "seq_len 5 and batch 3, under "
                    + "which PyTorch's output is ours" : ", under which PyTorch's output is ours"), vm.noteProperty().get());
            assertEquals("", vm.messageProperty().get());
        }
        // Other weights: no reading makes them PyTorch's, and none is offered.
        for (int i = 0; i < 32; i++) weights.get("bias_ih_l0")[i] += 0.5f;
        vm.modelChanged();
        assertFalse(vm.comparisonProperty().get().matches());
        assertNull(vm.comparisonProperty().get().matching());
    }

    /**
     * The heatmaps draw the output's leading axes as rows; the caption and each cell's name say which step and
     * sequence a row is, and a named cell holds PyTorch's out[t, n, f] (out[n, t, f] under batch_first), as the
     * file numpy wrote indexes it.
     */
    @Test
    void eachRowOfTheMapsIsNamedByTheStepAndSequencePyTorchsOutputHasThere(@TempDir Path dir) throws IOException {
        DataViewModel vm = viewModel();
        Object[][] cases = {
            {false, "data_input.npy", "data_output.npy", "row = t·N + n  (step t, sequence n)"},
            {true, "data_input_bf.npy", "data_output_bf.npy", "row = n·L + t  (sequence n, step t)"},
        };
        Pattern name = Pattern.compile("step (\\d+), sequence (\\d+), feature (\\d+)");
        for (Object[] c : cases) {
            boolean batchFirst = (Boolean) c[0];
            form.batchFirstProperty().set(batchFirst);
            vm.importInput(FIXTURES.resolve((String) c[1]));
            vm.importReference(FIXTURES.resolve((String) c[2]));
            DataViewModel.Comparison comparison = vm.comparisonProperty().get();
            assertNotNull(comparison, vm.messageProperty().get());
            assertTrue(comparison.matches(), "" + comparison.relativeError());
            assertEquals(c[3], comparison.rowCaption());
            Tensor numpys = Npy.read(FIXTURES.resolve((String) c[2])).toTensor();
            int width = numpys.dim(2), rows = numpys.size() / width;
            for (int row = 0; row < rows; row++) {
                for (int f = 0; f < width; f += 7) {
                    Matcher m = name.matcher(comparison.cellName(row, f));
                    assertTrue(m.matches(), comparison.cellName(row, f));
                    int t = Integer.parseInt(m.group(1)), n = Integer.parseInt(m.group(2));
                    assertEquals(f, Integer.parseInt(m.group(3)));
                    int at = batchFirst ? (n * numpys.dim(1) + t) * width + f : (t * numpys.dim(1) + n) * width + f;
                    assertEquals(numpys.data()[at], comparison.reference().data()[row * width + f],
                            comparison.cellName(row, f) + " is drawn in row " + row);
                }
            }
        }
        // An unbatched output's rows are its steps: rnn(x) of an (L, H_in) x is (L, H_out).
        form.unbatchedProperty().set(true);
        form.batchFirstProperty().set(false);
        vm.importInput(FIXTURES.resolve("data_series.csv"));
        Path unbatchedOutput = dir.resolve("out.npy");
        Npy.write(unbatchedOutput, Npy.read(FIXTURES.resolve("data_series_output.npy")).toTensor().reshape(9, 32));
        vm.importReference(unbatchedOutput);
        DataViewModel.Comparison unbatched = vm.comparisonProperty().get();
        assertNotNull(unbatched, vm.messageProperty().get());
        assertEquals(2, unbatched.ours().rank());
        assertEquals("step t", unbatched.rowCaption());
        assertEquals("step 4, feature 3", unbatched.cellName(4, 3));
    }
}
