package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.LearningRateSchedule;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Adam with decoupled weight decay (Keras defaults: learning_rate 1e-3, weight_decay 0.004, the Adam defaults
 * otherwise): each step first {@code w <- w - w*weight_decay*lr} for every variable (see
 * {@link #excludeFromWeightDecay}), then the Adam update with the unchanged gradient. weight_decay is required.
 */
public class AdamW extends Adam {
    public AdamW() {
        this(0.001);
    }

    public AdamW(double learningRate) {
        super("adamw", learningRate);
        weightDecay(0.004);
    }

    public AdamW(LearningRateSchedule schedule) {
        super("adamw", schedule);
        weightDecay(0.004);
    }

    @Override
    public AdamW weightDecay(Double v) {
        if (v == null) throw Checks.fail(className(), "weight_decay", "to be a number >= 0", null);
        super.weightDecay(v);
        return this;
    }

    public static AdamW fromConfig(Map<String, Object> config) {
        AdamW o = new AdamW();
        o.readAdamConfig(new ConfigReader("AdamW", config));
        return o;
    }

    @Override
    public AdamW beta1(double v) {
        super.beta1(v);
        return this;
    }

    @Override
    public AdamW beta2(double v) {
        super.beta2(v);
        return this;
    }

    @Override
    public AdamW epsilon(double v) {
        super.epsilon(v);
        return this;
    }

    @Override
    public AdamW amsgrad(boolean v) {
        super.amsgrad(v);
        return this;
    }

    @Override
    public AdamW clipnorm(Double v) {
        super.clipnorm(v);
        return this;
    }

    @Override
    public AdamW clipvalue(Double v) {
        super.clipvalue(v);
        return this;
    }

    @Override
    public AdamW globalClipnorm(Double v) {
        super.globalClipnorm(v);
        return this;
    }

    @Override
    public AdamW named(String name) {
        super.named(name);
        return this;
    }
}
