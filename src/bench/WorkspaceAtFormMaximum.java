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
 *   nice -n 19 java -Xmx7g -cp target/rnnx.jar src/bench/WorkspaceAtFormMaximum.java [DIR]
 */
public class WorkspaceAtFormMaximum {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target");
        Files.createDirectories(dir);
        Path file = dir.resolve("form-maximum.rnnx");
        RnnConfig config = new RnnConfig(65536, 2048, 16, Nonlinearity.TANH, true, false, 0, true);
        RnnParameters weights = RnnParameters.zeros(config);
        long count = 0;
        for (float[] t : weights.asMap().values()) {
            for (int i = 0; i < t.length; i++) t[i] = Float.intBitsToFloat((int) (0x3c000000L + (count++ * 2654435761L & 0x3ffffff)));
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
        Workspace back = WorkspaceFile.read(file);
        long t2 = System.nanoTime();
        System.out.printf("read back in %.1f s%n", (t2 - t1) / 1e9);
        if (!back.model().equals(config)) throw new AssertionError("model " + back.model() + " != " + config);
        long differing = 0;
        for (var e : weights.asMap().entrySet()) {
            float[] a = e.getValue(), b = back.weights().asMap().get(e.getKey());
            if (b == null || a.length != b.length) throw new AssertionError(e.getKey() + " missing or resized");
            for (int i = 0; i < a.length; i++) if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) differing++;
        }
        System.out.printf("weights differing bit for bit: %d of %,d%n", differing, count);
        Files.delete(file);
        if (differing != 0) System.exit(1);
    }
}
