package dev.lamina.layers;

import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outputs of a layer or model call and the mask each one carries (Keras' {@code _keras_mask}), by position; a
 * null mask means every step counts. Masks are 0/1 tensors outside autodiff, shaped like the leading axes of their
 * tensor ({@code [batch, time]} for a sequence {@code [batch, time, features]}).
 */
public record MaskedTensors(List<Tensor> values, List<Tensor> masks) {
    public MaskedTensors {
        if (values == null) throw new IllegalArgumentException("MaskedTensors: expected values, received null");
        List<Tensor> m = masks == null ? Collections.nCopies(values.size(), null) : masks;
        if (m.size() != values.size()) {
            throw new IllegalArgumentException("MaskedTensors: expected one mask (or null) per value, received " + m.size() + " for " + values.size());
        }
        values = Collections.unmodifiableList(new ArrayList<>(values));
        masks = Collections.unmodifiableList(new ArrayList<>(m));
    }

    /** Values without any mask. */
    public static MaskedTensors unmasked(List<Tensor> values) {
        return new MaskedTensors(values, null);
    }

    /** True when some value carries a mask. */
    public boolean anyMask() {
        for (Tensor m : masks) if (m != null) return true;
        return false;
    }
}
