package dev.lamina.training;

import dev.lamina.losses.Loss;
import dev.lamina.metrics.Metric;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.List;

/**
 * Keras 3's default steps, as {@link dev.lamina.models.Model} runs them unless a subclass overrides its hooks:
 * {@code trainStep} = forward, the loss through the model's {@code computeLoss}, one
 * optimizer step, the loss tracker, then the model's {@code computeMetrics}. Each works with the configuration of
 * the call in progress (a fit's, or an evaluate's own metric state).
 */
public final class DefaultSteps {
    private DefaultSteps() {
    }

    /** Forward in training mode, loss, gradients into the optimizer's kept arrays, update; then the metrics. */
    public static Logs trainStep(Trainable model, Batch batch) {
        Compiled c = compiled(model, "trainStep");
        List<Tensor> x = batch.inputs(), y = batch.targets();
        List<Tensor> yPred = model.forwardAll(x, true);
        Tensor loss = model.computeLoss(x, y, yPred, batch.sampleWeight(), true);
        List<Variable> vars = model.trainableWeights();
        c.optimizer().minimize(loss, vars);
        c.lossTracker().update(loss.item(), batch.size());
        return model.computeMetrics(x, y, yPred, batch.sampleWeight());
    }

    /** Forward in inference mode, loss and metrics, no update. */
    public static Logs testStep(Trainable model, Batch batch) {
        Compiled c = compiled(model, "testStep");
        try (NoGrad ignored = NoGrad.enter()) {
            List<Tensor> x = batch.inputs(), y = batch.targets();
            List<Tensor> yPred = model.forwardAll(x, false);
            Tensor loss = model.computeLoss(x, y, yPred, batch.sampleWeight(), false);
            c.lossTracker().update(loss.item(), batch.size());
            return model.computeMetrics(x, y, yPred, batch.sampleWeight());
        }
    }

    /**
     * The compiled loss: the sum over outputs with a loss of {@code lossWeight * loss}, plus the layers'
     * regularization penalties; records each output's loss for {@code <output>_loss}.
     */
    public static Tensor computeLoss(Trainable model, List<Tensor> y, List<Tensor> yPred, Tensor sampleWeight) {
        Compiled c = compiled(model, "computeLoss");
        Tensor total = null;
        int batch = yPred.get(0).shape().dim(0);
        for (int i = 0; i < yPred.size(); i++) {
            Loss loss = c.loss(i);
            if (loss == null) continue;
            Tensor li = loss.call(y.get(i), yPred.get(i), sampleWeight);
            c.outputLossTracker(i).update(li.item(), batch);
            Tensor weighted = c.lossWeight(i) == 1.0 ? li : Ops.multiply(li, (float) c.lossWeight(i));
            total = total == null ? weighted : Ops.add(total, weighted);
        }
        if (total == null) throw new IllegalStateException("Model '" + model.name() + "': no output has a loss; compile with one");
        for (Tensor r : model.regularizationLosses()) total = Ops.add(total, r);
        return total;
    }

    /** Updates the compiled metrics with this batch; returns the current logs (loss first, Keras' order). */
    public static Logs computeMetrics(Trainable model, List<Tensor> y, List<Tensor> yPred, Tensor sampleWeight) {
        Compiled c = compiled(model, "computeMetrics");
        c.resolveMetrics(y, yPred);
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < yPred.size(); i++) {
                if (y.get(i) == null) continue;
                Tensor p = yPred.get(i).detach();
                for (Metric m : c.metrics(i)) m.updateState(y.get(i), p, null);
                for (Metric m : c.weightedMetrics(i)) m.updateState(y.get(i), p, sampleWeight);
            }
        }
        return c.currentLogs();
    }

    /** The metrics of the call in progress: loss trackers, then the compiled metrics once resolved. */
    public static List<Metric> metrics(Trainable model) {
        Compiled c = StepScope.compiled(model);
        return c == null ? List.of() : c.allMetrics();
    }

    private static Compiled compiled(Trainable model, String what) {
        Compiled c = StepScope.compiled(model);
        if (c == null) {
            throw new IllegalStateException("Model '" + model.name() + "' is not compiled: call compile(optimizer, loss, metrics) before " + what + "(...)");
        }
        return c;
    }
}
