package org.rnnexplorer.ui.training;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.train.Network;
import org.rnnexplorer.train.task.CharText;
import org.rnnexplorer.train.task.TextSampler;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.model.ModelViewModel;
import org.rnnexplorer.ui.state.PaneRequests;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Training pane's text task without an opened corpus (the default one), and Sample: text drawn from the run's
 * weights at the iteration it names, the start text first; bad settings refused in one line, never a sample.
 */
class TrainingSamplingTest {

    static final String CORPUS = "It was the best of times, it was the worst of times, it was the age of wisdom.";

    final ModelViewModel form = new ModelViewModel();
    final ServiceBridge bridge = new ServiceBridge(Runnable::run);

    final TrainingContext context = new FormTrainingContext(form);

    @AfterEach
    void close() {
        bridge.close();
    }

    private TrainingViewModel textTask() {
        TrainingViewModel vm = new TrainingViewModel(bridge, context);
        vm.setDefaultCorpus(() -> Optional.of(new PaneRequests.Corpus(CORPUS, "dickens.txt (bundled sample)")));
        vm.stepsProperty().set("12");
        vm.batchSizeProperty().set("4");
        vm.taskProperty().set("text");
        return vm;
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void theTextTaskTakesTheDefaultCorpusWhenNoneWasOpened() {
        TrainingViewModel vm = textTask();
        assertEquals("", vm.problemProperty().get());
        assertEquals("dickens.txt (bundled sample)", vm.dataNameProperty().get());
        assertEquals(CORPUS, vm.buildSpec().task().text());
        vm.setCorpus("to be or not to be", "hamlet.txt");
        vm.taskProperty().set("adding");
        vm.taskProperty().set("text");
        assertEquals("to be or not to be", vm.buildSpec().task().text(), "an opened text stays");
    }

    @Test
    void sampleDrawsFromTheWeightsOfTheIterationItNames() throws Exception {
        TrainingViewModel vm = textTask();
        vm.sampleLengthProperty().set("40");
        vm.sampleTemperatureProperty().set("0");
        vm.sample(); // no run yet: one is set up at iteration 0
        await("the sample", () -> !vm.sampleTextProperty().get().isEmpty());
        ServiceSnapshot s = bridge.snapshot();
        assertEquals(0, s.iteration());
        assertEquals("Iteration 0 · temperature 0 · 40 characters after \"I\":", vm.sampleHeaderProperty().get());
        CharText task = new CharText(CORPUS, 12);
        String expected;
        try (Network network = new Network(s.model().copy(), Backends.select("scalar"))) {
            expected = TextSampler.sample(network, task, "I", 40, 0, new SplittableRandom(0));
        }
        assertEquals("I" + expected, vm.sampleTextProperty().get(), "temperature 0: the likeliest characters");

        for (int i = 0; i < 5; i++) vm.step();
        await("five updates", () -> bridge.snapshot().iteration() == 5);
        vm.sampleStartProperty().set("it was");
        vm.sampleTemperatureProperty().set("1.5");
        String before = vm.sampleTextProperty().get();
        vm.sample();
        await("the second sample", () -> !vm.sampleTextProperty().get().equals(before));
        assertTrue(vm.sampleHeaderProperty().get().startsWith("Iteration 5 · temperature 1.5 · 40 characters after \"it was\""),
                vm.sampleHeaderProperty().get());
        String text = vm.sampleTextProperty().get();
        assertTrue(text.startsWith("it was"));
        assertEquals(46, text.codePointCount(0, text.length()));
        text.codePoints().forEach(c -> assertTrue(CORPUS.indexOf(c) >= 0, "'" + Character.toString(c) + "' is in the corpus"));
    }

    @Test
    void badSettingsAreRefusedInOneLineAndDrawNothing() throws Exception {
        TrainingViewModel vm = textTask();
        vm.sampleLengthProperty().set("0");
        vm.sample();
        assertEquals("characters: must be positive, got 0", vm.sampleProblemProperty().get());
        vm.sampleLengthProperty().set("20000");
        vm.sample();
        assertEquals("characters: at most 10000 in the window, got 20000", vm.sampleProblemProperty().get());
        vm.sampleLengthProperty().set("30");
        vm.sampleTemperatureProperty().set("-1");
        vm.sample();
        assertEquals("temperature: must be 0 (the most likely character) or positive, got -1", vm.sampleProblemProperty().get());
        vm.sampleTemperatureProperty().set("warm");
        vm.sample();
        assertTrue(vm.sampleProblemProperty().get().startsWith("temperature: must be a number"), vm.sampleProblemProperty().get());
        vm.sampleTemperatureProperty().set("1");
        vm.sampleStartProperty().set("Zebra");
        vm.sample();
        await("the refusal", () -> !vm.sampleProblemProperty().get().isEmpty() && !vm.samplingProperty().get());
        assertEquals("sample: 'Z' is not in the text's vocabulary", vm.sampleProblemProperty().get());
        assertEquals("", vm.sampleTextProperty().get());

        form.bidirectionalProperty().set(true);
        vm.reset();
        vm.sampleStartProperty().set("");
        vm.sample();
        await("the refusal", () -> vm.sampleProblemProperty().get().contains("unidirectional") && !vm.samplingProperty().get());
        assertEquals("sample: sampling feeds characters one at a time: it needs a unidirectional RNN",
                vm.sampleProblemProperty().get());
        assertFalse(vm.sampleProblemProperty().get().contains("\n"));
    }
}
