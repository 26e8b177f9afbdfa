package org.rnnexplorer.ui.presets;

import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.rnnexplorer.engine.Initializers;
import org.rnnexplorer.engine.Nonlinearity;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.io.Workspace;
import org.rnnexplorer.train.GradientClipping;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.InputSpec;
import org.rnnexplorer.ui.state.PaneRequests;
import org.rnnexplorer.ui.state.RunVariant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Applies a {@link Preset} through the explorer state: asks for the Model &amp; shapes form, the weights, the Training
 * pane's settings (or the A/B view's variants, or the Pitfalls pane's k), starts what there is to start, opens the
 * pane where the effect shows and puts the explanation at the top of the window ({@link #lessonProperty()}). It
 * never sees another pane: the rules carry its requests. No scene types; FX thread.
 */
public final class PresetsViewModel {

    /** Seed of every preset; {@code PresetClaimsTest} checks every claim with it and with another. */
    static final long SEED = 0;
    /**
     * The exploding presets' SGD step. At 0.05 the runaway was a matter of luck: on 256- and 128-bit vectors (another
     * rounding of the same sums) seed 1 hovered at a loss of 10⁷ for 100 iterations without a NaN; at 0.1 each of 30
     * seeds reached the watchdog between iterations 22 and 44 on 512-, 256- and 128-bit vectors alike.
     */
    static final double EXPLODING_LR = 0.1;

    private final ExplorerState state;
    private final PaneRequests asked;
    private final ReadOnlyObjectWrapper<Preset> lesson = new ReadOnlyObjectWrapper<>(this, "lesson");
    private final ReadOnlyStringWrapper liveRuns = new ReadOnlyStringWrapper(this, "liveRuns", "");
    /** Whether the settings moved on from the shown preset's: its explanation then describes other settings. */
    private final ReadOnlyBooleanWrapper lessonStale = new ReadOnlyBooleanWrapper(this, "lessonStale", false);
    /** The settings the explanation's claims are about (form, Training pane), as a comparable value. */
    private Supplier<Object> settings = () -> null;
    /** {@link #settings} as the last preset left them. */
    private Object presetSettings;

    public PresetsViewModel(ExplorerState state) {
        this.state = state;
        this.asked = state.requests();
        state.trainingNowProperty().addListener((o, a, slots) -> liveRuns.set(describe(slots)));
        liveRuns.set(describe(state.trainingNowProperty().get()));
    }

    private static String describe(Set<RunSlot> slots) {
        List<String> names = new ArrayList<>();
        if (slots.contains(RunSlot.MAIN)) names.add("main run");
        for (RunSlot s : List.of(RunSlot.A, RunSlot.B, RunSlot.C)) if (slots.contains(s)) names.add(s.name());
        return names.isEmpty() ? "" : "● Training now: " + String.join(", ", names);
    }

    /** Which runs train now, e.g. "● Training now: A, B"; "" when none does. */
    public ReadOnlyStringProperty liveRunsProperty() {
        return liveRuns.getReadOnlyProperty();
    }

    /** Pauses every run: the Training pane's and the A/B view's (C included). */
    public void pauseAll() {
        asked.pauseTraining().post(null);
        asked.pauseAbRuns().post(null);
    }

    /**
     * Sets the preset up: the form, the weights, the Training pane's settings and its run or the A/B view's. Asks
     * first when the weights shown are unsaved ({@link ExplorerState#replaceWeights}); a preset's own run is not.
     */
    public void apply(Preset p) {
        state.replaceWeights("loading the preset “" + p.title() + "”", () -> applyNow(p));
    }

    private void applyNow(Preset p) {
        asked.pauseAbRuns().post(null); // another preset: the A/B runs stop training in the background (an A/B preset restarts them)
        // The numbers an explanation quotes of the followed sequence were measured on sequence 0.
        state.followedSequenceProperty().set(0);
        switch (p) {
            case ARTICLE_EXAMPLE -> article();
            case VANISHING, PITFALL_VANISHING -> train(p, 64, 100, 16, Nonlinearity.TANH, "pytorch_default", Double.NaN,
                    "adam", Map.of("lr", 1e-3), GradientClipping.none());
            case EXPLODING -> train(p, 64, 100, 16, Nonlinearity.TANH, "pytorch_default", 1.5, "sgd",
                    Map.of("lr", EXPLODING_LR, "momentum", 0.0), GradientClipping.none());
            case EXPLODING_CLIPPED -> train(p, 64, 100, 16, Nonlinearity.TANH, "pytorch_default", 1.5, "sgd",
                    Map.of("lr", EXPLODING_LR, "momentum", 0.0), GradientClipping.norm(1.0, 2.0));
            case IRNN_VS_TANH -> compare(p, 32, 50, RunVariant.IRNN, RunVariant.TANH);
            case TANH_VS_RELU -> compare(p, 32, 20, RunVariant.TANH, RunVariant.RELU);
            case REMEDY -> {
                form(2, RemedyRuns.HIDDEN, RemedyRuns.STEPS, RemedyRuns.BATCH, Nonlinearity.TANH);
                RemedyRuns.apply(p, asked, SEED);
            }
            case PITFALL_BATCH_FIRST -> pitfall(1, 3, 8, 6, 4, 3);
            case PITFALL_DETACH -> pitfall(3, 3, 32, 20, 4, 4);
        }
        lesson.set(p);
        presetSettings = settings.get();
        lessonStale.set(false);
        state.selectedPaneProperty().set(p.panes().getFirst());
    }

    /** Closes the explanation. */
    public void dismissLesson() {
        lesson.set(null);
        lessonStale.set(false);
    }

    /**
     * Follows the settings a preset's explanation is about: when {@code current} (e.g. the form's model and input and
     * the Training pane's settings) differs from what the preset set, {@link #lessonStaleProperty()} says so. A
     * lecturer changed T after "tanh against ReLU" and the strip went on claiming its T = 20 results beside a chart
     * of T = 100 at chance.
     *
     * @param current  the settings now, comparable with equals (null where they do not parse)
     * @param triggers what changes when they may have
     */
    public void watchSettings(Supplier<Object> current, Observable... triggers) {
        settings = current;
        for (Observable o : triggers) {
            o.addListener(x -> {
                if (lesson.get() != null) lessonStale.set(!Objects.equals(settings.get(), presetSettings));
            });
        }
    }

    /** True once the settings differ from those the shown preset set (see {@link #watchSettings}). */
    public ReadOnlyBooleanProperty lessonStaleProperty() {
        return lessonStale.getReadOnlyProperty();
    }

    /** The article's model and input; the live run explores it (its weights PyTorch's default, seeded). */
    private void article() {
        RnnConfig config = new RnnConfig(10, 20, 2, Nonlinearity.TANH, true, true, 0.0, false);
        asked.leaveTraining().post(null);
        // No h_0 passed: PyTorch starts from zeros, the article's h0 = torch.zeros(2, 3, 20) (the form's "pass h_0"
        // would pass a random one).
        asked.form().post(new PaneRequests.Form(config, new InputSpec(5, 3, false, null, false)));
        adoptDefaultWeights(config);
    }

    /** One run on the window's live service for the preset's budget, its initial weights shown in the Weights pane. */
    private void train(Preset p, int hidden, int steps, int batch, Nonlinearity f, String init, double rho, String optimizer,
                       Map<String, Object> args, GradientClipping clipping) {
        RnnConfig config = form(2, hidden, steps, batch, f);
        RnnParameters initial = Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, SEED);
        if (!Double.isNaN(rho)) Initializers.rescaleSpectralRadius(initial, rho);
        asked.weights().post(new PaneRequests.Weights(initial, "preset, PyTorch default, seed " + SEED
                + (Double.isNaN(rho) ? "" : String.format(Locale.ROOT, ", ρ = %.2f", rho))));
        asked.trainingSettings().post(section("adding", steps, init, rho, optimizer, args, clipping, batch));
        asked.trainFor().post(p.budget());
    }

    /** Two runs in the A/B view with the Training pane's settings, for the preset's budget; the live run keeps exploring. */
    private void compare(Preset p, int hidden, int steps, RunVariant a, RunVariant b) {
        form(2, hidden, steps, 32, Nonlinearity.TANH);
        asked.trainingSettings().post(section("adding", steps, "pytorch_default", Double.NaN, "adam",
                Map.of("lr", 1e-3, "betas", List.of(0.9, 0.999)), GradientClipping.norm(1.0, 2.0), 32));
        asked.abRuns().post(new PaneRequests.AbRuns(a, b, null, p.budget()));
    }

    private void pitfall(int section, int input, int hidden, int steps, int batch, int chunks) {
        RnnConfig config = form(input, hidden, steps, batch, Nonlinearity.TANH);
        adoptDefaultWeights(config);
        asked.pitfallStudy().post(new PaneRequests.PitfallStudy(section, chunks));
    }

    private void adoptDefaultWeights(RnnConfig config) {
        asked.weights().post(new PaneRequests.Weights(Initializers.create(config, Initializers.Scheme.PYTORCH_DEFAULT, SEED),
                "preset, PyTorch default, seed " + SEED));
    }

    /** Sets the form to a one-layer, time-first, unidirectional RNN and an input of (T, N) steps and sequences. */
    private RnnConfig form(int input, int hidden, int steps, int batch, Nonlinearity f) {
        RnnConfig config = new RnnConfig(input, hidden, 1, f, true, false, 0.0, false);
        asked.form().post(new PaneRequests.Form(config, new InputSpec(steps, batch, false, null, false)));
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
