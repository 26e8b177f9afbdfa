package org.rnnexplorer.ui.presets;

import org.rnnexplorer.ui.state.PaneId;

import java.util.List;

import static org.rnnexplorer.ui.presets.Claim.Comparison.ABOVE;
import static org.rnnexplorer.ui.presets.Claim.Comparison.BELOW;
import static org.rnnexplorer.ui.presets.Claim.Metric.CLIPPED_SHARE;
import static org.rnnexplorer.ui.presets.Claim.Metric.GRADIENT_FADE;
import static org.rnnexplorer.ui.presets.Claim.Metric.GRADIENT_GROWTH;
import static org.rnnexplorer.ui.presets.Claim.Metric.RECURRENT_STILL;
import static org.rnnexplorer.ui.presets.Claim.Metric.SPECTRAL_RADIUS_GROWTH;
import static org.rnnexplorer.ui.presets.Claim.Metric.WATCHDOG_STOP;
import static org.rnnexplorer.ui.presets.Claim.Run.A;
import static org.rnnexplorer.ui.presets.Claim.Run.B;
import static org.rnnexplorer.ui.presets.Claim.Run.C;
import static org.rnnexplorer.ui.presets.Claim.Run.MAIN;
import static org.rnnexplorer.ui.state.PaneId.AB_RUNS;
import static org.rnnexplorer.ui.state.PaneId.GRADIENT_FLOW;
import static org.rnnexplorer.ui.state.PaneId.HIDDEN_STATES;
import static org.rnnexplorer.ui.state.PaneId.PITFALLS;
import static org.rnnexplorer.ui.state.PaneId.TRAINING;

/**
 * The classic experiments, one click each. The explanation is shown at the top of the window while the preset's
 * effect is on screen; {@link #panes()} are where the effect shows, the first one is opened.
 *
 * <p>A preset that trains has a fixed {@linkplain #budget() budget} and stops there, and says what will happen as
 * {@linkplain #claims() claims}: data, written into the explanation by {@link Claim#describe()} and checked by
 * {@code PresetClaimsTest} on the preset's seed and another. The prose itself carries no number that is not a
 * setting of the preset (the same test checks that too).
 */
public enum Preset {
    ARTICLE_EXAMPLE("The article's example",
            "nn.RNN(10, 20, num_layers=2, batch_first=True) on a (3, 5, 10) batch with h0 zeros (2, 3, 20)",
            "The seed article's example: input_size 10, hidden_size 20, two layers, batch_first=True, tanh; a batch of "
                    + "3 sequences of 5 steps, (N, L, H_in) = (3, 5, 10), and h_0 of shape (num_layers·D, N, H) = "
                    + "(2, 3, 20) — batch_first does not apply to it. The article passes zeros; the window passes "
                    + "none, and PyTorch starts from the same zeros. output is (3, 5, 20) and h_n (2, 3, 20); the "
                    + "article checks that output[:, -1, :] equals h_n[-1, :, :]: the top layer's last state (Hidden "
                    + "states pane: choose Layer 1 and look at its last step). The shapes table and the PyTorch code "
                    + "show every tensor.",
            0, List.of(), List.of(PaneId.MODEL, HIDDEN_STATES)),
    VANISHING("Vanishing gradients",
            "tanh, default init, H = 64, T = 100: ‖∂L/∂h_t‖ fades going back",
            "A tanh RNN (H = 64, PyTorch's default initialisation) learns the adding problem with T = 100: the answer "
                    + "depends on two inputs far back and the loss is read at the last step. Going back from the loss "
                    + "each step multiplies ∂L/∂h by W_hhᵀ·diag(tanh′). Not every factor is below one (σ_max of "
                    + "PyTorch's default W_hh is above one, so the bound allows growth), but together they shrink it "
                    + "by many decades (Gradient flow pane), so the early inputs get no gradient and the loss stays at "
                    + "the chance level (Training pane).",
            // The fade at the end too: the run takes seconds, and what stays on the Gradient flow pane is its last pass.
            2000, List.of(new Claim(MAIN, GRADIENT_FADE, BELOW, 1e-20, 0), new Claim(MAIN, GRADIENT_FADE, BELOW, 1e-20, 2000),
                    Claim.lossNearChance(MAIN, 0.1, 2000)),
            List.of(GRADIENT_FLOW, TRAINING)),
    EXPLODING("Exploding gradients (ρ = 1.5)",
            "every W_hh rescaled to ρ = 1.5, SGD without clipping: training runs away",
            "The same RNN with every W_hh rescaled to spectral radius ρ = 1.5, trained by plain SGD (lr 0.1) "
                    + "without clipping. ρ above one allows ∂L/∂h to grow going back; it does not make it grow: "
                    + "tanh′ damps every step, and at iteration 0 the Gradient flow curve may be flat or even fall. "
                    + "Training is what explodes (Training pane): the first updates are large and throw W_hh far out, "
                    + "so far that the tanh units saturate at ±1. There tanh′ is exactly 0: W_hh gets no gradient and "
                    + "stops moving (the update-ratio chart names it), while the read-out layer, fed states of ±1, "
                    + "overshoots further at every step and the gradient norm runs away until the watchdog stops the "
                    + "run. Next: the same with clipping.",
            100, List.of(new Claim(MAIN, WATCHDOG_STOP, BELOW, 100, 100), new Claim(MAIN, GRADIENT_GROWTH, ABOVE, 1e10, 100),
                    new Claim(MAIN, SPECTRAL_RADIUS_GROWTH, ABOVE, 10, 100),
                    new Claim(MAIN, RECURRENT_STILL, ABOVE, 3, 100)),
            List.of(TRAINING)),
    EXPLODING_CLIPPED("… the same with clipping",
            "ρ = 1.5 again, now with clip_grad_norm_(max_norm=1)",
            "The same run with clip_grad_norm_(max_norm=1) (Pascanu, Mikolov & Bengio 2013): whenever ‖g‖ > 1 the "
                    + "whole gradient is rescaled to norm 1 (dots mark those updates, evenly spaced ones when there are "
                    + "more than fit, as the legend says; the dashed line is the norm after clipping), so no update moves the weights by more than lr and the run keeps going. Clipping stops "
                    + "the explosion; it does not make the early inputs learnable: most updates are clipped and still "
                    + "move the weights by lr, and the loss stays above the chance level.",
            2000, List.of(new Claim(MAIN, WATCHDOG_STOP, ABOVE, 2000, 2000), new Claim(MAIN, CLIPPED_SHARE, ABOVE, 0.5, 2000),
                    Claim.lossAbove(MAIN, 1, 2000)),
            List.of(TRAINING)),
    IRNN_VS_TANH("IRNN against tanh (adding problem)",
            "A/B: ReLU with W_hh = I (Le et al. 2015) against tanh, same seed and batches",
            "Le, Jaitly & Hinton (2015): A uses ReLU units with W_hh = I and zero biases, so the state is carried "
                    + "forward unchanged until an input changes it and gradients pass back through the identity "
                    + "without shrinking; B is tanh with PyTorch's default initialisation. Same seed, same batches, "
                    + "Adam (lr 10⁻³), clipping at 1, T = 50, H = 32. At this length tanh is slow, not hopeless: "
                    + "trained on past the budget B leaves the chance level too. The paper's tanh runs that never "
                    + "learn use sequences several times longer and far more iterations than a class can wait for: "
                    + "\"Recorded long run\" opens such a run of the paper's own setting, recorded ahead of time.",
            3000, List.of(Claim.lossBelow(A, 0.5, 3000), Claim.lossNearChance(B, 0.1, 3000)),
            List.of(AB_RUNS)),
    TANH_VS_RELU("tanh against ReLU, same seed",
            "A/B: the same initial weights and batches, only the nonlinearity differs",
            "Both runs start from the same PyTorch-default weights (same seed) and see the same batches of the adding "
                    + "problem (T = 20, H = 32, Adam lr 10⁻³, clipping at 1); only the nonlinearity differs. tanh′ is "
                    + "below 1 wherever a unit is busy, so going back tanh damps the gradient at every step where ReLU "
                    + "does not: ReLU′ is exactly 1 for active units, so its gradient reaches further back (and, with "
                    + "nothing bounding ReLU's states, can also grow). On sequences this short both learn; ReLU first.",
            4000, List.of(Claim.lossBelow(B, 0.25, 1000), Claim.lossAbove(A, 0.8, 1000), Claim.lossBelow(A, 0.3, 4000)),
            List.of(AB_RUNS)),
    REMEDY("The article's remedy: LSTM and GRU",
            "A/B/C: tanh RNN, LSTM and GRU on the adding problem, same seed and batches",
            "The seed article's advice under its second pitfall: \"If you are training on long sequences, use "
                    + "torch.nn.LSTM or torch.nn.GRU instead of torch.nn.RNN.\" Here it is tried: A is a tanh RNN, B an "
                    + "LSTM, C a GRU, each with PyTorch's default initialisation, started from the same seed and trained "
                    + "on the same batches of the adding problem (T = 100, H = 32, batch 32, Adam lr 0.01, no clipping). "
                    + "The answer depends on a marked input in the first half of the sequence, so its gradient has to "
                    + "travel back dozens of steps. Going back, the tanh RNN's ‖∂L/∂h_t‖ is multiplied at each step by "
                    + "W_hhᵀ·diag(tanh′) and fades; the LSTM's cell state and the GRU's update path carry it back scaled "
                    + "only by the forget gates (LSTM) or by z (GRU). Those gates start near one half, so at first all "
                    + "three fade; training learns to hold them open where the answer needs it, and then the LSTM's and "
                    + "the GRU's gradient reaches the start. The loss chart holds all three runs, the chart "
                    + "beside it ‖∂L/∂h_t‖ of the latest pass of each, on a log scale.",
            1500, List.of(Claim.lossBelow(C, 0.5, 750), Claim.lossBelow(B, 0.5, 1500), Claim.lossAbove(A, 0.8, 1500),
                    new Claim(A, GRADIENT_FADE, BELOW, 1e-10, 1500), new Claim(B, GRADIENT_FADE, ABOVE, 1e-4, 1500),
                    new Claim(C, GRADIENT_FADE, ABOVE, 1e-4, 750), new Claim(B, GRADIENT_FADE, BELOW, 1e-10, 0),
                    new Claim(C, GRADIENT_FADE, BELOW, 1e-10, 0)),
            List.of(AB_RUNS)),
    PITFALL_BATCH_FIRST("Pitfall 1: batch-first data, time-first RNN",
            "the shapes fit, the results are silently wrong: both outputs side by side",
            "The seed article's first pitfall. nn.RNN expects (L, N, H_in) unless batch_first=True, while data "
                    + "loaders yield (N, L, H_in). Fed such a batch, a time-first RNN raises nothing because the shapes "
                    + "fit: it treats the batch axis as time. The Pitfalls pane runs the same weights both ways on one "
                    + "batch (N = 4, L = 6) and shows both outputs, their difference and the shapes.",
            0, List.of(), List.of(PITFALLS)),
    PITFALL_VANISHING("Pitfall 2: vanishing gradients",
            "the article's advice checked: clipping helps exploding, not vanishing",
            "The seed article's second pitfall: plain RNNs struggle with dependencies many steps back. This is the "
                    + "vanishing-gradient setting (tanh, default init, T = 100): ‖∂L/∂h_t‖ fades going back from the "
                    + "loss. The article's advice holds, with a caveat the other presets show: clip_grad_norm_ "
                    + "prevents exploding gradients but cannot restore vanished ones; use LSTM/GRU, or an "
                    + "initialisation that keeps the backward factors near 1 (IRNN, orthogonal W_hh).",
            2000, VANISHING.claims, List.of(GRADIENT_FLOW, TRAINING)),
    PITFALL_DETACH("Pitfall 3: carrying h_n without detach",
            "how far back the gradient reaches, and the memory kept, as chunks are carried",
            "The seed article's third pitfall. Passing h_n into the next batch as h_0 without h.detach() keeps the "
                    + "graphs connected: backward from chunk k's loss runs through all k·T steps and every chunk's "
                    + "activations stay in memory. A loop with one loss.backward() per chunk fails at the second chunk "
                    + "with \"Trying to backward through the graph a second time\"; with retain_graph=True it runs and "
                    + "memory grows chunk after chunk. With detach the gradient stops at the chunk's first step and one "
                    + "chunk's activations are kept. Move the slider to carry more chunks.",
            0, List.of(), List.of(PITFALLS));

    private final String title;
    private final String summary;
    private final String prose;
    private final long budget;
    private final List<Claim> claims;
    private final List<PaneId> panes;

    Preset(String title, String summary, String prose, long budget, List<Claim> claims, List<PaneId> panes) {
        this.title = title;
        this.summary = summary;
        this.prose = prose;
        this.budget = budget;
        this.claims = List.copyOf(claims);
        this.panes = panes;
    }

    public String title() {
        return title;
    }

    /** One line for the menu and the Experiments pane. */
    public String summary() {
        return summary;
    }

    /** Iterations the preset trains before it stops; 0 for a preset that only explores. */
    public long budget() {
        return budget;
    }

    /** What the preset says will happen, checked on two seeds by the build. */
    public List<Claim> claims() {
        return claims;
    }

    /** The settings and the why, without the claims. */
    public String prose() {
        return prose;
    }

    /** A short paragraph shown beside the charts: the prose, the budget, then the claims in words. */
    public String explanation() {
        if (budget == 0) return prose + " Explore only: nothing trains.";
        StringBuilder sb = new StringBuilder(prose);
        // "at most": the budget is where a run stops unless the watchdog stops it first (the exploding preset).
        sb.append(claims.stream().anyMatch(c -> c.run() == C) ? " All three runs train for at most "
                : panes.contains(AB_RUNS) ? " Both runs train for at most " : " The run trains for at most ")
                .append(budget).append(" iterations.");
        if (!claims.isEmpty()) {
            sb.append(" What to see (checked by the build on two seeds and three vector widths): ");
            for (int i = 0; i < claims.size(); i++) {
                if (i > 0) sb.append("; ");
                sb.append(claims.get(i).describe());
            }
            sb.append('.');
        }
        return sb.toString();
    }

    /**
     * A run recorded ahead of time to show beside the live one, as a path under sample-data/, or null: where the
     * published result needs far more iterations than a class can wait for.
     */
    public String recording() {
        return this == IRNN_VS_TANH ? "recorded/le2015-adding-t100.json" : null;
    }

    /** The panes where the effect shows, most telling first; applying the preset opens the first. */
    public List<PaneId> panes() {
        return panes;
    }

    /** The preset a "Next" button offers after this one, or null. */
    public Preset next() {
        return this == EXPLODING ? EXPLODING_CLIPPED : null;
    }
}
