package dev.lamina.models.keras;

import dev.lamina.optimizers.Optimizer;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order of a Keras 3 optimizer's slot variables ({@code optimizers/*.py: build}). Each inner list is one
 * {@code add_optimizer_variables} call: its names interleave per model variable ({@code m(v0), v(v0), m(v1), ...});
 * separate calls follow one another in blocks. Slots a configuration does not create (SGD without momentum,
 * RMSprop without {@code centered}) are absent from Lamina's state and skipped by the writer.
 */
final class KerasOptimizers {
    private static final Map<String, List<List<String>>> SLOTS = Map.of(
            "SGD", List.of(List.of("momentum")),
            "Adam", List.of(List.of("momentum", "velocity"), List.of("velocity_hat")),
            "AdamW", List.of(List.of("momentum", "velocity"), List.of("velocity_hat")),
            "RMSprop", List.of(List.of("velocity"), List.of("momentum"), List.of("average_gradient")),
            "Adagrad", List.of(List.of("accumulator")),
            "Adadelta", List.of(List.of("accumulated_grad", "accumulated_delta_var")),
            "Adamax", List.of(List.of("momentum", "norm")),
            "Nadam", List.of(List.of("momentum", "velocity")));

    private KerasOptimizers() {
    }

    /** The slot groups of {@code o}, restricted to the slot names {@code present} in its state. */
    static List<List<String>> slotGroups(Optimizer o, Set<String> present) {
        check(o);
        List<List<String>> groups = SLOTS.get(o.className());
        return groups.stream().map(g -> g.stream().filter(present::contains).toList()).filter(g -> !g.isEmpty()).toList();
    }

    /** Fails for an optimizer class whose Keras variables Lamina does not know. */
    static void check(Optimizer o) {
        List<List<String>> groups = SLOTS.get(o.className());
        if (groups == null || o.getClass().getPackage() != Optimizer.class.getPackage()) {
            throw new IllegalArgumentException("Model.save: optimizer " + o.className() + " has no Keras 3 counterpart whose variables"
                    + " Lamina knows; expected one of " + new java.util.TreeSet<>(SLOTS.keySet()) + " (save as .lamina to keep it)");
        }
    }

    /** Scalar variables Keras creates after the slots: Nadam's {@code u_product}. */
    static List<String> trailingScalars(Optimizer o) {
        return o.className().equals("Nadam") ? List.of("u_product") : List.of();
    }
}
