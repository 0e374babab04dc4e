package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.LearningRateSchedule;
import dev.lamina.optimizers.schedules.Schedules;
import dev.lamina.tensor.Autodiff;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base class of the Keras optimizers. It owns the bookkeeping Keras' {@code BaseOptimizer} owns (learning rate or
 * schedule, iteration count, gradient clipping, decoupled weight decay, slot creation, config and state); a
 * subclass lists its slots ({@link #slotNames()}) and writes one allocation-free update per variable
 * ({@link #updateStep}).
 *
 * <p>Like Keras, everything is float32: the learning rate is kept as a float32 value, the update runs on the
 * variables' {@code float[]} and slots in float32 arithmetic.
 */
public abstract class Optimizer {
    private String name;
    private float learningRate;               // Keras' float32 learning_rate variable
    private LearningRateSchedule schedule;    // when set, evaluated at iterations() every step
    long iterations;
    private Double clipnorm;
    private Double clipvalue;
    private Double globalClipnorm;
    private Double weightDecay;
    final IdentityHashMap<Variable, Slots> slotsByVariable = new IdentityHashMap<>();
    final List<Slots> slotsInOrder = new ArrayList<>();
    private final WeightDecay decayExclusions = new WeightDecay();
    private final GradientArrays gradientArrays = new GradientArrays();
    private final StepScratch scratch = new StepScratch();

    protected Optimizer(String name, double learningRate) {
        this.name = checkName(name);
        setLearningRate(learningRate);
    }

    protected Optimizer(String name, LearningRateSchedule schedule) {
        this.name = checkName(name);
        setLearningRate(schedule);
    }

    // ------------------------------------------------------------------ subclass contract

    /** Keras slot names for the current configuration, in creation order (e.g. momentum, velocity). */
    protected abstract String[] slotNames();

    /** Initial value of slot {@code i} (Adagrad starts its accumulator at initial_accumulator_value). */
    protected float slotInitialValue(int i) {
        return 0f;
    }

    /** Called once per step before the per-variable updates; {@code step} is Keras' {@code iterations + 1}. */
    protected void prepareStep(float lr, long step) {
    }

    /**
     * Updates one variable in place: {@code grad[gOff .. gOff + slots.size())} is its (clipped) gradient,
     * {@code var} its values, {@code lr} the float32 learning rate of this step, {@code step = iterations + 1}.
     */
    protected abstract void updateStep(float[] grad, int gOff, float[] var, Slots slots, float lr, long step);

    /** Adds the subclass' hyperparameters (Keras names) after the base keys. */
    protected abstract void putConfig(Map<String, Object> config);

    /** Optimizer-level scalar state besides the slots (Nadam: u_product); exported and imported by name. */
    protected List<String> scalarStateNames() {
        return List.of();
    }

    protected double scalarState(String name) {
        throw new IllegalArgumentException(className() + ": no scalar state named '" + name + "'");
    }

    protected void setScalarState(String name, double value) {
        throw new IllegalArgumentException(className() + ": no scalar state named '" + name + "'");
    }

    /** Resets the scalar state to its value before the first step. */
    protected void resetScalarState() {
    }

    /** The Keras class name used in configs ({@code "Adam"}). */
    public String className() {
        return getClass().getSimpleName();
    }

    /** True once slots exist; options that change the set of slots can no longer change. */
    protected final boolean built() {
        return !slotsInOrder.isEmpty();
    }

    protected final void checkSlotLayoutFixed(String arg, boolean changes) {
        if (changes && built()) {
            throw new IllegalStateException(className() + ": " + arg + " changes the optimizer's slots and cannot change after "
                    + "the first apply(); create a new optimizer instead");
        }
    }

    // ------------------------------------------------------------------ one step

    /**
     * One step, in Keras' order: skip frozen variables and null gradients, clip (clipnorm, else global_clipnorm,
     * else clipvalue), apply weight decay, run {@link #updateStep} for each variable, then {@code iterations++}.
     * The caller's gradient tensors are never modified. Empty (or all-frozen) lists are a no-op, like Keras.
     */
    public void apply(List<Tensor> grads, List<Variable> vars) {
        int n = Checks.countGradients(this, grads, vars);
        if (n < 0) return;
        scratch.ensure(n);
        Slots[] active = scratch.slots;
        int k = 0;
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            if (!v.trainable()) continue;
            Slots s = slotsFor(v);   // Keras builds slots for every trainable variable it is given
            Tensor g = grads.get(i);
            if (g == null) continue;
            active[k] = s;
            scratch.grads[k] = g.data();
            scratch.offsets[k] = g.offset();
            k++;
        }
        float lr = currentLearningRate();
        GradientClipping.clip(clipnorm, globalClipnorm, clipvalue, active, scratch.grads, scratch.offsets, n);
        if (weightDecay != null) decayExclusions.apply(active, n, weightDecay.floatValue(), lr);
        long step = iterations + 1;
        prepareStep(lr, step);
        for (int j = 0; j < n; j++) {
            updateStep(scratch.grads[j], scratch.offsets[j], active[j].variable().data(), active[j], lr, step);
            scratch.grads[j] = null; // do not keep the caller's gradient arrays alive
        }
        iterations++;
    }

    /**
     * Keras' {@code minimize(loss, var_list)}: gradients, then {@link #apply}. They go into arrays kept per variable
     * ({@link Autodiff#gradientsInto}), so a training step allocates no gradient as large as the weights.
     */
    public void minimize(Tensor loss, List<Variable> vars) {
        apply(Autodiff.gradientsInto(loss, vars, gradientArrays.arraysFor(vars)), vars);
    }

    private Slots slotsFor(Variable v) {
        Slots s = slotsByVariable.get(v);
        if (s == null) {
            s = newSlots(v);
            slotsByVariable.put(v, s);
            slotsInOrder.add(s);
        }
        return s;
    }

    /** The live slots of {@code v} (Keras' get_slot), or null before the optimizer has seen it. */
    public Slots slotsOf(Variable v) {
        return slotsByVariable.get(v);
    }

    final Slots newSlots(Variable v) {
        return StepScratch.newSlots(this, v);
    }

    // ------------------------------------------------------------------ learning rate

    private float currentLearningRate() {
        return schedule == null ? learningRate : (float) schedule.at(iterations);
    }

    /** The learning rate of the next step (a schedule is evaluated at {@link #iterations()}), as float32 widened. */
    public double getLearningRate() {
        return currentLearningRate();
    }

    /** Sets a constant learning rate, replacing any schedule. */
    public void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) throw Checks.fail(className(), "learning_rate", ">= 0", lr);
        this.learningRate = (float) lr;
        this.schedule = null;
    }

    public void setLearningRate(LearningRateSchedule s) {
        if (s == null) throw new IllegalArgumentException(className() + ": expected a learning_rate schedule, received null");
        this.schedule = s;
    }

    /** The schedule, or null when the learning rate is constant. */
    public LearningRateSchedule getSchedule() {
        return schedule;
    }

    public long iterations() {
        return iterations;
    }

    public String name() {
        return name;
    }

    public Optimizer named(String name) {
        this.name = checkName(name);
        return this;
    }

    private String checkName(String n) {
        if (n == null || n.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": expected a non-empty name, received " + n);
        return n;
    }

    // ------------------------------------------------------------------ clipping and weight decay

    public Optimizer clipnorm(Double v) {
        checkClip("clipnorm", v, clipvalue, globalClipnorm);
        clipnorm = v;
        return this;
    }

    public Optimizer clipvalue(Double v) {
        checkClip("clipvalue", v, clipnorm, globalClipnorm);
        clipvalue = v;
        return this;
    }

    public Optimizer globalClipnorm(Double v) {
        checkClip("global_clipnorm", v, clipnorm, clipvalue);
        globalClipnorm = v;
        return this;
    }

    private void checkClip(String arg, Double v, Double other1, Double other2) {
        Checks.clip(className(), arg, v, other1 != null || other2 != null, clipnorm, clipvalue, globalClipnorm);
    }

    /** Decoupled weight decay {@code w <- w - w * weight_decay * lr} before each update (null = off). */
    public Optimizer weightDecay(Double v) {
        weightDecay = Checks.nonNegativeOrNull(className(), "weight_decay", v);
        return this;
    }

    /** Keras' exclude_from_weight_decay: these variables, and those whose name matches any of the regexes, get no decay. */
    public Optimizer excludeFromWeightDecay(List<Variable> vars, List<String> varNames) {
        decayExclusions.exclude(vars, varNames, slotsInOrder);
        return this;
    }

    public Double clipnorm() {
        return clipnorm;
    }

    public Double clipvalue() {
        return clipvalue;
    }

    public Double globalClipnorm() {
        return globalClipnorm;
    }

    public Double weightDecay() {
        return weightDecay;
    }

    // ------------------------------------------------------------------ config and state

    /** Keras' get_config: base keys (inert Keras options included with their fixed values), then the subclass'. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = BaseConfig.write(name, schedule == null ? (Object) (double) learningRate : Schedules.serialize(schedule),
                weightDecay, clipnorm, globalClipnorm, clipvalue);
        putConfig(c);
        return c;
    }

    /** Reads the base keys of a config into this optimizer (subclass fromConfig methods call it). */
    protected final void readBaseConfig(ConfigReader r) {
        BaseConfig.read(this, r);
    }

    /** Iterations, scalar state and copies of every slot, keyed {@code "<variable name>/<slot name>"}. */
    public OptimizerState exportState() {
        return StateTransfer.export(this);
    }

    /** Restores {@link #exportState()}'s snapshot for these variables (matched by name); all-or-nothing. */
    public void importState(OptimizerState s, List<Variable> vars) {
        StateTransfer.restore(this, s, vars);
    }

    void restoreLearningRate(float lr) {
        if (schedule == null) learningRate = lr;
    }

    @Override
    public String toString() {
        return className() + getConfig();
    }
}
