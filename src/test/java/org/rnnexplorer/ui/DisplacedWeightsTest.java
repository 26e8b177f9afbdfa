package org.rnnexplorer.ui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.ui.rules.PaneViewModels;
import org.rnnexplorer.ui.weights.WeightsViewModel;
import org.rnnexplorer.ui.weights.WeightsViewModel.Unsaved;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A form change that re-shapes the model replaces the weights shown; typing applies each keystroke, so nothing asks
 * first. Unsaved weights it replaced are kept and offered back, and bringing them back restores their model in the
 * form and their unsaved state; weights that were not unsaved are not offered.
 */
class DisplacedWeightsTest {

    private final PaneViewModels panes = UnsavedWorkFixtures.panes();
    private final WeightsViewModel weights = panes.weights;

    @AfterEach
    void close() {
        panes.close();
    }

    @Test
    void trainedWeightsAReShapingFormChangeReplacedAreOfferedAndComeBackWithTheirModel() {
        RnnParameters initial = weights.parametersProperty().get();
        String module = initial.config().torchRepr();
        RnnParameters trained = UnsavedWorkFixtures.trainOneStep(panes, 0.25f);
        assertSame(trained, weights.parametersProperty().get());

        panes.model.hiddenSizeProperty().set("7");
        assertEquals(7, weights.parametersProperty().get().config().hiddenSize(), "the form's new shape");
        assertEquals(Unsaved.NONE, weights.unsavedProperty().get(), "fresh weights from the seed");
        assertEquals("A change in the form re-shaped the model and replaced the trained weights of " + module
                + ", which no file holds.", weights.displacedOfferProperty().get());
        panes.model.hiddenSizeProperty().set("72"); // the next keystroke: the offer is still the trained weights
        assertTrue(weights.displacedOfferProperty().get().contains("trained weights of " + module),
                weights.displacedOfferProperty().get());
        assertEquals(module, weights.displacedModule());

        weights.bringBackDisplaced();
        assertSame(trained, weights.parametersProperty().get(), "the very weights training moved");
        assertEquals(Unsaved.TRAINED, weights.unsavedProperty().get(), "still in no file");
        assertEquals(initial.config().hiddenSize(), panes.state.formProperty().get().config().hiddenSize(),
                "the form takes their model back");
        assertEquals(Integer.toString(initial.config().hiddenSize()), panes.model.hiddenSizeProperty().get());
        assertSame(trained, weights.parametersProperty().get(), "and the form's change keeps them");
        assertEquals("", weights.displacedOfferProperty().get(), "the offer is answered");

        weights.revertToLoaded();
        assertArrayEquals(initial.weightHh(0, 0), weights.parametersProperty().get().weightHh(0, 0),
                "Revert still returns to the weights they were loaded as");
    }

    @Test
    void weightsThatWereNotUnsavedAreNotOfferedAndLetGoWithdrawsAnOffer() {
        panes.model.hiddenSizeProperty().set("7");
        assertEquals("", weights.displacedOfferProperty().get(), "initialised weights come again from the seed");

        weights.orthogonal(); // an edit is unsaved work too
        RnnParameters edited = weights.parametersProperty().get();
        assertEquals(Unsaved.EDITED, weights.unsavedProperty().get());
        panes.model.numLayersProperty().set("1"); // the form starts at the article's two layers
        assertTrue(weights.displacedOfferProperty().get().contains("the edited weights of RNN(10, 7, num_layers=2, batch_first=True)"),
                weights.displacedOfferProperty().get());
        assertNotSame(edited, weights.parametersProperty().get());
        weights.letDisplacedGo();
        assertEquals("", weights.displacedOfferProperty().get());
        weights.bringBackDisplaced(); // nothing offered: nothing happens
        assertEquals(1, weights.parametersProperty().get().config().numLayers());
    }

    @Test
    void handTrainedWeightsBroughtBackWhileAPresetRunTrainsAreStillUnsaved() {
        RnnParameters trained = UnsavedWorkFixtures.trainOneStep(panes, 0.25f);
        panes.model.hiddenSizeProperty().set("7");
        try {
            panes.training.runFor(1); // a preset's run, whose weights the preset reproduces
            panes.training.pause();
            UnsavedWorkFixtures.trainOneStep(panes, 0.5f);
            assertEquals(Unsaved.NONE, weights.unsavedProperty().get());
            weights.bringBackDisplaced();
            assertSame(trained, weights.parametersProperty().get());
            assertEquals(Unsaved.TRAINED, weights.unsavedProperty().get(), "trained by hand: no preset reproduces them");
        } finally {
            panes.training.pause();
        }
    }

    /**
     * Trained, re-shaped, trained, re-shaped again: both trained sets are kept, the newest offered first. Bringing one
     * back while the weights shown are unsaved sets those aside in turn instead of replacing them.
     */
    @Test
    void aSecondReShapingKeepsBothSetsAndBringingOneBackSetsTheShownOnesAside() {
        List<RnnParameters> trained = UnsavedWorkFixtures.trainAcrossReshapings(panes, 0.25f, "7");
        RnnParameters first = trained.get(0), second = trained.get(1);
        String firstModule = first.config().torchRepr();
        panes.model.hiddenSizeProperty().set("9");
        assertEquals("A change in the form re-shaped the model and replaced the trained weights of "
                + second.config().torchRepr() + ", which no file holds. 1 earlier set is kept too, offered after these.",
                weights.displacedOfferProperty().get());
        assertSame(second, weights.displacedParameters());

        RnnParameters third = UnsavedWorkFixtures.trainOneStep(panes, 0.75f);
        weights.bringBackDisplaced();
        assertSame(second, weights.parametersProperty().get());
        assertEquals(7, panes.state.formProperty().get().config().hiddenSize(), "the form takes their model back");
        assertEquals("Bringing back the weights of " + second.config().torchRepr() + " set aside the trained weights of "
                + third.config().torchRepr() + ", which no file holds. 1 earlier set is kept too, offered after these.",
                weights.displacedOfferProperty().get());
        assertSame(third, weights.displacedParameters(), "the unsaved weights shown were set aside, not replaced");

        weights.letDisplacedGo();
        assertSame(first, weights.displacedParameters(), "the earlier set is offered next");
        assertTrue(weights.displacedOfferProperty().get().endsWith("trained weights of " + firstModule
                + ", which no file holds."), weights.displacedOfferProperty().get());
        weights.bringBackDisplaced();
        assertSame(first, weights.parametersProperty().get());
        assertSame(second, weights.displacedParameters(), "and the set shown before it is kept in turn");
        weights.letDisplacedGo();
        assertEquals("", weights.displacedOfferProperty().get());
    }
}
