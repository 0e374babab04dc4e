package dev.lamina.metrics;

import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Tensor;

import java.util.function.BiFunction;

/**
 * A {@link Mean} of a per-sample function of {@code (y_true, y_pred)} (Keras' {@code MeanMetricWrapper}); the
 * regression and probabilistic metrics reuse the loss functions this way. The function runs under
 * {@link NoGrad} on detached inputs.
 */
public class MeanMetricWrapper extends Mean {
    private final BiFunction<Tensor, Tensor, Tensor> fn;
    private final Direction direction;

    public MeanMetricWrapper(String name, BiFunction<Tensor, Tensor, Tensor> fn, Direction direction) {
        super(name);
        if (fn == null) throw new IllegalArgumentException("MeanMetricWrapper: expected a function, received null");
        this.fn = fn;
        this.direction = direction == null ? Direction.NONE : direction;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        if (yTrue == null || yPred == null) throw new IllegalArgumentException(className() + ": expected y_true and y_pred tensors, received null");
        try (NoGrad ignored = NoGrad.enter()) {
            return fn.apply(yTrue.detach(), yPred.detach());
        }
    }

    @Override
    public Direction direction() {
        return direction;
    }
}
