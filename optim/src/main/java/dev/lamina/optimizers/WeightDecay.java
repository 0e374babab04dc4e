package dev.lamina.optimizers;

import dev.lamina.tensor.Variable;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Keras' decoupled weight decay {@code w <- w - w * wd * lr} and its exclude_from_weight_decay rules. */
final class WeightDecay {
    private final Set<Variable> excluded = Collections.newSetFromMap(new IdentityHashMap<>());
    private Pattern excludedNames;

    void exclude(List<Variable> vars, List<String> varNames, List<Slots> known) {
        excluded.clear();
        if (vars != null) excluded.addAll(vars);
        // Keras joins the names into one regex searched anywhere in the variable name.
        excludedNames = varNames == null || varNames.isEmpty() ? null : Pattern.compile(String.join("|", varNames));
        for (Slots s : known) s.decay = 0;
    }

    void apply(Slots[] active, int n, float wd, float lr) {
        for (int j = 0; j < n; j++) {
            if (!applies(active[j])) continue;
            float[] w = active[j].variable().data();
            for (int e = 0, len = active[j].size(); e < len; e++) w[e] = w[e] - w[e] * wd * lr;
        }
    }

    private boolean applies(Slots s) {
        if (s.decay == 0) { // decided once per variable, so steps do not allocate regex matchers
            Variable v = s.variable();
            boolean out = excluded.contains(v) || (excludedNames != null && excludedNames.matcher(v.name()).find());
            s.decay = (byte) (out ? 2 : 1);
        }
        return s.decay == 1;
    }
}
