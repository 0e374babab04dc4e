package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.Schedules;
import dev.lamina.tensor.io.ConfigReader;

import java.util.LinkedHashMap;
import java.util.Map;

/** The keys every Keras optimizer config has (keras/optimizers/base_optimizer.py get_config), in Keras' order. */
final class BaseConfig {
    private BaseConfig() {
    }

    static Map<String, Object> write(String name, Object learningRate, Double weightDecay, Double clipnorm,
                                     Double globalClipnorm, Double clipvalue) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("learning_rate", learningRate);
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("global_clipnorm", globalClipnorm);
        c.put("clipvalue", clipvalue);
        // Keras options Lamina does not implement, written with the values that switch them off.
        c.put("use_ema", false);
        c.put("ema_momentum", 0.99);
        c.put("ema_overwrite_frequency", null);
        c.put("loss_scale_factor", null);
        c.put("gradient_accumulation_steps", null);
        return c;
    }

    static void read(Optimizer o, ConfigReader r) {
        o.named(r.getString("name", o.name()));
        if (r.has("learning_rate")) {
            Object lr = r.raw("learning_rate", null);
            if (lr instanceof Number) o.setLearningRate(((Number) lr).doubleValue());
            else if (lr instanceof Map) o.setLearningRate(Schedules.deserialize(r.asMap(lr, "learning_rate")));
            else throw Checks.fail(o.className(), "learning_rate", "to be a number or a serialized schedule", lr);
        }
        o.weightDecay(r.getNullableDouble("weight_decay", o.weightDecay()));
        Double clipnorm = r.getNullableDouble("clipnorm", null);
        Double globalClipnorm = r.getNullableDouble("global_clipnorm", null);
        Double clipvalue = r.getNullableDouble("clipvalue", null);
        o.clipnorm(null).clipvalue(null).globalClipnorm(null);
        o.clipnorm(clipnorm).globalClipnorm(globalClipnorm).clipvalue(clipvalue);
        r.requireInert("use_ema", false);
        r.raw("ema_momentum", null); // only meaningful with use_ema
        r.requireInert("ema_overwrite_frequency", null);
        r.requireInert("loss_scale_factor", null);
        r.requireInert("gradient_accumulation_steps", null);
    }
}
