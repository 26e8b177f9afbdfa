package org.rnnexplorer.ui.state;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.Workspace;

import java.nio.file.Path;

/**
 * What presets, workspaces and opened files ask of the panes, one {@link Request} per thing asked: they post here,
 * and {@code ui.rules.PaneRequestsRule} carries each request to the pane that does it. FX thread only.
 */
public final class PaneRequests {

    /** The Model &amp; shapes form's model and input, set as a whole. */
    public record Form(RnnConfig config, InputSpec input) {
    }

    /**
     * Weights taken from elsewhere as the Weights pane's "as loaded" ones.
     *
     * @param parameters never modified afterwards
     * @param source     shown as where the weights came from
     */
    public record Weights(RnnParameters parameters, String source) {
    }

    /**
     * Runs for the A/B view, trained from fresh for {@code iterations} and stopped there.
     *
     * @param c the third run's variant, or null for two runs only
     */
    public record AbRuns(RunVariant a, RunVariant b, RunVariant c, long iterations) {
    }

    /** The Pitfalls pane's section (1 batch-first, 3 detach) and chunks carried, computed now. */
    public record PitfallStudy(int section, int chunks) {
    }

    /** A text for the Training pane's text task, named as the user knows it. */
    public record Corpus(String text, String name) {
    }

    /** A series for the series task: {@code values} is (L, features), row-major. */
    public record Series(float[] values, int features, String name) {
    }

    /** The Data pane's imported input and PyTorch's output for it, as a workspace stores them (either may be null). */
    public record ImportedData(Tensor input, Tensor reference, String source) {
    }

    private final Request<Form> form = new Request<>();
    private final Request<Weights> weights = new Request<>();
    private final Request<Path> openWeights = new Request<>();
    private final Request<Workspace.Training> trainingSettings = new Request<>();
    private final Request<Long> trainFor = new Request<>();
    private final Request<Void> leaveTraining = new Request<>();
    private final Request<Void> pauseTraining = new Request<>();
    private final Request<Corpus> corpus = new Request<>();
    private final Request<Series> series = new Request<>();
    private final Request<AbRuns> abRuns = new Request<>();
    private final Request<Void> pauseAbRuns = new Request<>();
    private final Request<PitfallStudy> pitfallStudy = new Request<>();
    private final Request<Path> importInput = new Request<>();
    private final Request<ImportedData> importedData = new Request<>();

    /** Sets the Model &amp; shapes form. */
    public Request<Form> form() {
        return form;
    }

    /** Weights for the Weights pane, as loaded. */
    public Request<Weights> weights() {
        return weights;
    }

    /** Reads a weights file (.safetensors, .pt) into the Weights pane. */
    public Request<Path> openWeights() {
        return openWeights;
    }

    /** Sets every Training pane control (and leaves training). */
    public Request<Workspace.Training> trainingSettings() {
        return trainingSettings;
    }

    /** A fresh training run from the Training pane's settings for so many iterations (a preset's budget). */
    public Request<Long> trainFor() {
        return trainFor;
    }

    /** Stops training and hands the live run back to exploring. */
    public Request<Void> leaveTraining() {
        return leaveTraining;
    }

    /** Pauses the Training pane's run. */
    public Request<Void> pauseTraining() {
        return pauseTraining;
    }

    /** A text for the text task. */
    public Request<Corpus> corpus() {
        return corpus;
    }

    /** A series for the series task. */
    public Request<Series> series() {
        return series;
    }

    /** Starts the A/B view's runs. */
    public Request<AbRuns> abRuns() {
        return abRuns;
    }

    /** Pauses every A/B run, C included. */
    public Request<Void> pauseAbRuns() {
        return pauseAbRuns;
    }

    /** Shows and computes a pitfall study. */
    public Request<PitfallStudy> pitfallStudy() {
        return pitfallStudy;
    }

    /** Imports the explore run's input (CSV, NPY, NPZ) into the Data pane. */
    public Request<Path> importInput() {
        return importInput;
    }

    /** Restores the Data pane's input and reference output. */
    public Request<ImportedData> importedData() {
        return importedData;
    }
}
