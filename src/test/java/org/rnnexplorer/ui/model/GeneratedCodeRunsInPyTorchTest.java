package org.rnnexplorer.ui.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.ui.run.CopiedRun;
import org.rnnexplorer.ui.run.ExploreSpecs;
import org.rnnexplorer.ui.state.ModelState;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the code Copy writes for every fixture setting, with the .npz it writes (the explore run's weights, x and h_0),
 * in PyTorch itself and compares the shapes it produces with the shapes table (CopiedCodeFixturesTest compares the
 * numbers in the default build). Needs /usr/bin/python3 with torch, which CI does not have: tagged {@code python} and left
 * out of the default build; run it with
 * {@code mvn test -Dtest=GeneratedCodeRunsInPyTorchTest -Dsurefire.excludedGroups=}.
 */
@Tag("python")
class GeneratedCodeRunsInPyTorchTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String RUNNER = """
            import json, sys, warnings
            warnings.simplefilter("ignore")
            out = []
            for code in json.load(sys.stdin):
                ns = {}
                exec(code, ns)
                out.append([list(ns["output"].shape), list(ns["h_n"].shape)])
            print("RESULT " + json.dumps(out))
            """;

    @Test
    void pytorchRunsTheCodeAndGetsTheTablesShapes(@TempDir Path dataDirectory) throws Exception {
        assertTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with torch");
        ObjectMapper json = new ObjectMapper();
        List<String> codes = new ArrayList<>();
        List<String[]> expected = new ArrayList<>();
        for (JsonNode c : (Iterable<JsonNode>) ModelViewModelTest.pytorchCases()::iterator) {
            ModelViewModel vm = ModelViewModelTest.formFor(c);
            ModelState form = vm.stateProperty().get();
            RunSpec explore = ExploreSpecs.explore(form,
                    Initializers.create(form.config(), Initializers.Scheme.PYTORCH_DEFAULT, 0), null, 0, "scalar");
            codes.add(CopiedRun.write(form, explore, dataDirectory).code());
            expected.add(new String[] {ModelViewModelTest.row(vm, "output").shape(), ModelViewModelTest.row(vm, "h_n").shape()});
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", RUNNER).redirectErrorStream(true).start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(json.writeValueAsBytes(codes));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertTrue(!output.contains("No module named 'torch'"), "torch is not installed for /usr/bin/python3");
        assertEquals(0, p.exitValue(), output);
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(output));
        JsonNode results = json.readTree(line.substring("RESULT ".length()));
        assertEquals(codes.size(), results.size());
        for (int i = 0; i < codes.size(); i++) {
            assertEquals(expected.get(i)[0], ModelViewModelTest.tuple(results.get(i).get(0)), "output of\n" + codes.get(i));
            assertEquals(expected.get(i)[1], ModelViewModelTest.tuple(results.get(i).get(1)), "h_n of\n" + codes.get(i));
        }
    }
}
