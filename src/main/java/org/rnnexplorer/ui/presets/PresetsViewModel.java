package org.rnnexplorer.ui.presets;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.ui.compare.CompareViewModel;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.pitfalls.PitfallsViewModel;
import org.rnnexplorer.ui.training.TrainingViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel;
import org.rnnexplorer.ui.state.RunVariant;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies a {@link Preset}: the Model &amp; shapes form, the weights, the Training pane's settings (or the A/B
 * view's variants, or the Pitfalls pane's k), starts what there is to start, opens the pane where the effect
 * shows and puts the explanation at the top of the window ({@link #lessonProperty()}). No scene types; FX thread.
 */
public final class PresetsViewModel {

    /** Seed of every preset; {@code PresetClaimsTest} checks every claim with it and with another. */
    static final long SEED = 0;

    private final ModelViewModel model;
    private final WeightsViewModel weights;
    private final TrainingViewModel training;
    private final CompareViewModel compare;
    private final PitfallsViewModel pitfalls;
    private final Consumer<List<String>> showPane;
    private final ReadOnlyObjectWrapper<Preset> lesson = new ReadOnlyObjectWrapper<>(this, "lesson");
    private final javafx.beans.property.ReadOnlyStringWrapper liveRuns =
            new javafx.beans.property.ReadOnlyStringWrapper(this, "liveRuns", "");

    /**
     * @param showPane opens the first of the given tab titles that the window has
     */
    public PresetsViewModel(ModelViewModel model, WeightsViewModel weights, TrainingViewModel training,
                            CompareViewModel compare, PitfallsViewModel pitfalls, Consumer<List<String>> showPane) {
        this.model = model;
        this.weights = weights;
        this.training = training;
        this.compare = compare;
        this.pitfalls = pitfalls;
        this.showPane = showPane;
        javafx.beans.InvalidationListener update = o -> updateLiveRuns();
        training.trainingProperty().addListener(update);
        training.activeProperty().addListener(update);
        compare.trainingAProperty().addListener(update);
        compare.trainingBProperty().addListener(update);
        compare.third().trainingProperty().addListener(update);
    }

    private void updateLiveRuns() {
        List<String> names = new java.util.ArrayList<>();
        if (training.activeProperty().get() && running(training.trainingProperty().get())) names.add("main run");
        if (running(compare.trainingAProperty().get())) names.add("A");
        if (running(compare.trainingBProperty().get())) names.add("B");
        if (running(compare.third().trainingProperty().get())) names.add("C");
        liveRuns.set(names.isEmpty() ? "" : "● Training now: " + String.join(", ", names));
    }

    private static boolean running(org.rnnexplorer.service.ServiceSnapshot s) {
        return s != null && s.state() == org.rnnexplorer.service.RunState.RUNNING;
    }

    /** Which runs train now, e.g. "● Training now: A, B"; "" when none does. */
    public javafx.beans.property.ReadOnlyStringProperty liveRunsProperty() {
        return liveRuns.getReadOnlyProperty();
    }

    /** Pauses every run: the Training pane's and the A/B view's (C included). */
    public void pauseAll() {
        training.pause();
        compare.pause();
    }

    public void apply(Preset p) {
        compare.pause(); // another preset: the A/B runs stop training in the background (an A/B preset restarts them)
        switch (p) {
            case ARTICLE_EXAMPLE -> article();
            case VANISHING, PITFALL_VANISHING -> train(p, 64, 100, 16, Nonlinearity.TANH, "pytorch_default", Double.NaN,
                    "adam", Map.of("lr", 1e-3), GradientClipping.none());
            case EXPLODING -> train(p, 64, 100, 16, Nonlinearity.TANH, "pytorch_default", 1.5, "sgd",
                    Map.of("lr", 0.05, "momentum", 0.0), GradientClipping.none());
            case EXPLODING_CLIPPED -> train(p, 64, 100, 16, Nonlinearity.TANH, "pytorch_default", 1.5, "sgd",
                    Map.of("lr", 0.05, "momentum", 0.0), GradientClipping.norm(1.0, 2.0));
            case IRNN_VS_TANH -> compare(p, 32, 50, RunVariant.IRNN, RunVariant.TANH);
            case TANH_VS_RELU -> compare(p, 32, 20, RunVariant.TANH, RunVariant.RELU);
            case REMEDY -> {
                form(2, RemedyRuns.HIDDEN, RemedyRuns.STEPS, RemedyRuns.BATCH, Nonlinearity.TANH);
                RemedyRuns.apply(p, training, compare, SEED);
            }
            case PITFALL_BATCH_FIRST -> pitfall(1, 3, 8, 6, 4, 3);
            case PITFALL_DETACH -> pitfall(3, 3, 32, 20, 4, 4);
        }
        lesson.set(p);
        showPane.accept(p.panes());
    }

    /** Closes the explanation. */
    public void dismissLesson() {
        lesson.set(null);
    }

    /** The article's model and input; the live run explores it (its weights PyTorch's default, seeded). */
    private void article() {
        RnnConfig config = new RnnConfig(10, 20, 2, Nonlinearity.TANH, true, true, 0.0, false);
        training.leave();
        model.applyConfig(config);
        model.unbatchedProperty().set(false);
        model.lengthsProperty().set("");
        model.h0Property().set(true);
        model.seqLenProperty().set("5");
        model.batchProperty().set("3");
        weights.adopt(Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, SEED),
                "preset, PyTorch default, seed " + SEED);
    }

    /** One run on the window's live service for the preset's budget, its initial weights shown in the Weights pane. */
    private void train(Preset p, int hidden, int steps, int batch, Nonlinearity f, String init, double rho, String optimizer,
                       Map<String, Object> args, GradientClipping clipping) {
        RnnConfig config = form(2, hidden, steps, batch, f);
        RnnParameters initial = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, SEED);
        if (!Double.isNaN(rho)) Initializers.rescaleSpectralRadius(initial, rho);
        weights.adopt(initial, "preset, PyTorch default, seed " + SEED
                + (Double.isNaN(rho) ? "" : String.format(Locale.ROOT, ", ρ = %.2f", rho)));
        training.apply(section("adding", steps, init, rho, optimizer, args, clipping, batch));
        training.runFor(p.budget());
    }

    /** Two runs in the A/B view with the Training pane's settings, for the preset's budget; the live run keeps exploring. */
    private void compare(Preset p, int hidden, int steps, RunVariant a, RunVariant b) {
        form(2, hidden, steps, 32, Nonlinearity.TANH);
        training.apply(section("adding", steps, "pytorch_default", Double.NaN, "adam",
                Map.of("lr", 1e-3, "betas", List.of(0.9, 0.999)), GradientClipping.norm(1.0, 2.0), 32));
        compare.variantAProperty().set(a);
        compare.variantBProperty().set(b);
        compare.third().onProperty().set(false);
        compare.runFor(p.budget());
    }

    private void pitfall(int section, int input, int hidden, int steps, int batch, int chunks) {
        RnnConfig config = form(input, hidden, steps, batch, Nonlinearity.TANH);
        weights.adopt(Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, SEED),
                "preset, PyTorch default, seed " + SEED);
        pitfalls.chunksProperty().set(chunks);
        pitfalls.sectionProperty().set(section);
        pitfalls.compute();
    }

    /** Sets the form to a one-layer, time-first, unidirectional RNN and an input of (T, N) steps and sequences. */
    private RnnConfig form(int input, int hidden, int steps, int batch, Nonlinearity f) {
        RnnConfig config = new RnnConfig(input, hidden, 1, f, true, false, 0.0, false);
        model.applyConfig(config);
        model.unbatchedProperty().set(false);
        model.lengthsProperty().set("");
        model.h0Property().set(false);
        model.seqLenProperty().set(Integer.toString(steps));
        model.batchProperty().set(Integer.toString(batch));
        return config;
    }

    private static Workspace.Training section(String task, int steps, String init, double rho, String optimizer,
                                              Map<String, Object> args, GradientClipping clipping, int batch) {
        return new Workspace.Training(task, steps, init, rho, optimizer, args, clipping, 0, batch, SEED, null, null, 0);
    }

    /** The preset whose explanation is shown, or null. */
    public ReadOnlyObjectProperty<Preset> lessonProperty() {
        return lesson.getReadOnlyProperty();
    }
}
