import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.io.WorkspaceFile;
import org.rnnexplorer.train.GradientClipping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The workspace round trip at the largest model the Model & shapes form accepts (issue 14): input_size 65536,
 * hidden_size 2048, 16 layers, bidirectional (ModelViewModel.MAX_INPUT, MAX_HIDDEN, MAX_LAYERS): 654 M parameters,
 * 2.6 GB as float32, too large for a unit test. Writes it, reads it back, compares every weight bit for bit and
 * prints the sizes and times. A Java source-file program on the CLI jar:
 *
 *   mvn -q -B -DskipTests package
 *   nice -n 19 java -Xmx10g -cp target/rnnx.jar src/bench/WorkspaceAtFormMaximum.java [DIR]
 */
public class WorkspaceAtFormMaximum {
    /** Weight number k, in the parameters' order: distinct bit patterns, finite, in [2^-7, 2^-6). */
    static float pattern(long k) {
        return Float.intBitsToFloat((int) (0x3c000000L + (k * 2654435761L & 0x3ffffff)));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target");
        Files.createDirectories(dir);
        Path file = dir.resolve("form-maximum.rnnx");
        RnnConfig config = new RnnConfig(65536, 2048, 16, Nonlinearity.TANH, true, false, 0, true);
        RnnParameters weights = RnnParameters.zeros(config);
        long count = 0;
        for (float[] t : weights.asMap().values()) {
            for (int i = 0; i < t.length; i++) t[i] = pattern(count++);
        }
        Workspace w = new Workspace(config, new Workspace.Input(16, 1, false, null, false), 7, "auto",
                new Workspace.Training("adding", 100, "pytorch_default", Double.NaN, "sgd", Map.of("lr", 0.1),
                        GradientClipping.none(), 0, 16, 0, null, null, 0),
                weights, null, null, new Workspace.View("Model & shapes", "light", 1, "VIRIDIS", 0, 0));
        System.out.printf("model %s: %,d parameters (%.2f GB as float32)%n", config.torchRepr(), count, 4e-9 * count);
        long t0 = System.nanoTime();
        WorkspaceFile.write(file, w);
        long t1 = System.nanoTime();
        System.out.printf("written: %,d bytes in %.1f s%n", Files.size(file), (t1 - t0) / 1e9);
        // Reading needs twice the file in free heap: the written weights are let go and checked against pattern().
        w = null;
        weights = null;
        System.gc(); // the reader measures free heap as it stands
        Workspace back;
        try {
            back = WorkspaceFile.read(file);
        } finally {
            Files.delete(file);
        }
        long t2 = System.nanoTime();
        System.out.printf("read back in %.1f s%n", (t2 - t1) / 1e9);
        if (!back.model().equals(config)) throw new AssertionError("model " + back.model() + " != " + config);
        long differing = 0, at = 0;
        for (float[] b : back.weights().asMap().values()) {
            for (float v : b) if (Float.floatToRawIntBits(v) != Float.floatToRawIntBits(pattern(at++))) differing++;
        }
        if (at != count) throw new AssertionError(at + " weights read back, " + count + " written");
        System.out.printf("weights differing bit for bit: %d of %,d%n", differing, count);
        if (differing != 0) System.exit(1);
    }
}
