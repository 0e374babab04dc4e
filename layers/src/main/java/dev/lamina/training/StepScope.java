package dev.lamina.training;

/**
 * The compiled configuration a step on this thread works with: a fit's is the model's own, each evaluate's has
 * its own metric state (see {@link Compiled#withOwnState}). The loop opens one scope per call, so the step hooks
 * keep Keras' signatures ({@code trainStep(batch)}) and still update the call's metrics.
 */
final class StepScope implements AutoCloseable {
    private static final ThreadLocal<StepScope> CURRENT = new ThreadLocal<>();
    private final Trainable model;
    private final Compiled compiled;
    private final StepScope outer;

    private StepScope(Trainable model, Compiled compiled, StepScope outer) {
        this.model = model;
        this.compiled = compiled;
        this.outer = outer;
    }

    static StepScope enter(Trainable model, Compiled compiled) {
        StepScope s = new StepScope(model, compiled, CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** The configuration of the innermost call on {@code model} running on this thread, else the model's own. */
    static Compiled compiled(Trainable model) {
        for (StepScope s = CURRENT.get(); s != null; s = s.outer) if (s.model == model) return s.compiled;
        return model.compiled();
    }

    @Override
    public void close() {
        if (outer == null) CURRENT.remove();
        else CURRENT.set(outer);
    }
}
