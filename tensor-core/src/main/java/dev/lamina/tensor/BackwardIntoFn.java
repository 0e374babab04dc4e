package dev.lamina.tensor;

/**
 * A backward closure that can write a variable's gradient straight into a caller's array (see
 * {@link Autodiff#gradientsInto}), so training steps need not allocate gradients as large as the weights.
 */
@FunctionalInterface
public interface BackwardIntoFn extends BackwardFn {
    /**
     * Like {@link #apply(Tensor)}; in addition, for each input {@code k} with {@code into != null && into[k] != null},
     * writes that input's gradient into {@code into[k]} (adds it to the array's contents when {@code add[k]}) and
     * returns null at {@code k}.
     */
    Tensor[] apply(Tensor gradOutput, float[][] into, boolean[] add);

    @Override
    default Tensor[] apply(Tensor gradOutput) {
        return apply(gradOutput, null, null);
    }
}
