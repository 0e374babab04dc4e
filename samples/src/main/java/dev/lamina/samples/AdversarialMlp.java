package dev.lamina.samples;

import dev.lamina.layers.Dense;
import dev.lamina.losses.Loss;
import dev.lamina.metrics.Mean;
import dev.lamina.metrics.Metric;
import dev.lamina.models.Model;
import dev.lamina.tensor.GradientTape;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.training.Batch;
import dev.lamina.training.Logs;

import java.util.ArrayList;
import java.util.List;

/**
 * A digits classifier trained adversarially (Goodfellow et al.'s fast gradient sign method), which needs its own
 * {@code trainStep}: each step first takes the gradient of the loss with respect to the input pixels, moves every
 * pixel by {@code epsilon} in the direction that raises the loss, then trains on the mean of the clean and the
 * perturbed loss. {@code fit} stays the same: callbacks, progress bar, validation and BackupAndRestore.
 */
public final class AdversarialMlp extends Model {
    private final Dense hidden = new Dense(64).activation("relu");
    private final Dense logits = new Dense(10);
    private final Mean adversarialLoss = new Mean("adversarial_loss");
    private final float epsilon;

    public AdversarialMlp(double epsilon) {
        super("adversarial_mlp");
        if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("AdversarialMlp: expected epsilon in [0, 1], received " + epsilon);
        this.epsilon = (float) epsilon;
    }

    @Override
    protected Tensor call(Tensor pixels, boolean training) {
        return logits.apply(hidden.apply(pixels, training), training);
    }

    @Override
    public Logs trainStep(Batch batch) {
        Tensor x = batch.inputs().get(0), sw = batch.sampleWeight();
        List<Tensor> y = batch.targets();
        Loss loss = compiled().loss(0);
        Tensor perturbed = perturb(x, y.get(0), sw, loss);
        List<Variable> vars = trainableWeights();
        List<Tensor> yPred;
        Tensor total, adversarial;
        try (GradientTape tape = new GradientTape()) {
            yPred = forwardAll(List.of(x), true);
            Tensor clean = computeLoss(List.of(x), y, yPred, sw, true);
            adversarial = loss.call(y.get(0), forwardAll(List.of(perturbed), true).get(0), sw);
            total = Ops.multiply(Ops.add(clean, adversarial), 0.5f);
            getOptimizer().apply(tape.gradient(total, vars), vars);
        }
        for (Metric m : metrics()) if (m.name().equals("loss")) ((Mean) m).update(total.item(), batch.size());
        adversarialLoss.update(adversarial.item(), batch.size());
        return computeMetrics(List.of(x), y, yPred, sw).with("adversarial_loss", adversarialLoss.result());
    }

    /** {@code clip(x + epsilon * sign(d loss / d x), 0, 1)}: the pixels moved to raise the loss most. */
    private Tensor perturb(Tensor x, Tensor y, Tensor sw, Loss loss) {
        Variable input = new Variable("pixels", x, true);
        try (GradientTape tape = new GradientTape()) {
            Tensor l = loss.call(y, forwardAll(List.of(input.value()), true).get(0), sw);
            Tensor g = tape.gradient(l, List.of(input)).get(0);
            try (NoGrad ignored = NoGrad.enter()) {
                return Ops.clip(Ops.add(x, Ops.multiply(Ops.sign(g), epsilon)), 0f, 1f);
            }
        }
    }

    /** The compiled metrics and trackers, and this model's own tracker (reset with them at every epoch). */
    @Override
    public List<Metric> metrics() {
        List<Metric> all = new ArrayList<>(super.metrics());
        all.add(adversarialLoss);
        return all;
    }
}
