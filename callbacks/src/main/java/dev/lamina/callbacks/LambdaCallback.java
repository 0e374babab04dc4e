package dev.lamina.callbacks;

import dev.lamina.training.Callback;
import dev.lamina.training.Logs;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A callback made of lambdas (Keras' {@code LambdaCallback}):
 * {@code new LambdaCallback().onEpochEnd((epoch, logs) -> ...)}. Unset hooks do nothing.
 */
public final class LambdaCallback extends Callback {
    private Consumer<Logs> trainBegin = l -> { }, trainEnd = l -> { }, testBegin = l -> { }, testEnd = l -> { },
            predictBegin = l -> { }, predictEnd = l -> { };
    private BiConsumer<Integer, Logs> epochBegin = (e, l) -> { }, epochEnd = (e, l) -> { }, trainBatchBegin = (b, l) -> { },
            trainBatchEnd = (b, l) -> { }, testBatchBegin = (b, l) -> { }, testBatchEnd = (b, l) -> { },
            predictBatchBegin = (b, l) -> { }, predictBatchEnd = (b, l) -> { };

    public LambdaCallback onTrainBegin(Consumer<Logs> f) {
        trainBegin = f;
        return this;
    }

    public LambdaCallback onTrainEnd(Consumer<Logs> f) {
        trainEnd = f;
        return this;
    }

    public LambdaCallback onEpochBegin(BiConsumer<Integer, Logs> f) {
        epochBegin = f;
        return this;
    }

    public LambdaCallback onEpochEnd(BiConsumer<Integer, Logs> f) {
        epochEnd = f;
        return this;
    }

    public LambdaCallback onTrainBatchBegin(BiConsumer<Integer, Logs> f) {
        trainBatchBegin = f;
        return this;
    }

    public LambdaCallback onTrainBatchEnd(BiConsumer<Integer, Logs> f) {
        trainBatchEnd = f;
        return this;
    }

    public LambdaCallback onTestBegin(Consumer<Logs> f) {
        testBegin = f;
        return this;
    }

    public LambdaCallback onTestEnd(Consumer<Logs> f) {
        testEnd = f;
        return this;
    }

    public LambdaCallback onTestBatchBegin(BiConsumer<Integer, Logs> f) {
        testBatchBegin = f;
        return this;
    }

    public LambdaCallback onTestBatchEnd(BiConsumer<Integer, Logs> f) {
        testBatchEnd = f;
        return this;
    }

    public LambdaCallback onPredictBegin(Consumer<Logs> f) {
        predictBegin = f;
        return this;
    }

    public LambdaCallback onPredictEnd(Consumer<Logs> f) {
        predictEnd = f;
        return this;
    }

    public LambdaCallback onPredictBatchBegin(BiConsumer<Integer, Logs> f) {
        predictBatchBegin = f;
        return this;
    }

    public LambdaCallback onPredictBatchEnd(BiConsumer<Integer, Logs> f) {
        predictBatchEnd = f;
        return this;
    }

    @Override
    public void onTrainBegin(Logs logs) {
        trainBegin.accept(logs);
    }

    @Override
    public void onTrainEnd(Logs logs) {
        trainEnd.accept(logs);
    }

    @Override
    public void onEpochBegin(int epoch, Logs logs) {
        epochBegin.accept(epoch, logs);
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        epochEnd.accept(epoch, logs);
    }

    @Override
    public void onTrainBatchBegin(int batch, Logs logs) {
        trainBatchBegin.accept(batch, logs);
    }

    @Override
    public void onTrainBatchEnd(int batch, Logs logs) {
        trainBatchEnd.accept(batch, logs);
    }

    @Override
    public void onTestBegin(Logs logs) {
        testBegin.accept(logs);
    }

    @Override
    public void onTestEnd(Logs logs) {
        testEnd.accept(logs);
    }

    @Override
    public void onTestBatchBegin(int batch, Logs logs) {
        testBatchBegin.accept(batch, logs);
    }

    @Override
    public void onTestBatchEnd(int batch, Logs logs) {
        testBatchEnd.accept(batch, logs);
    }

    @Override
    public void onPredictBegin(Logs logs) {
        predictBegin.accept(logs);
    }

    @Override
    public void onPredictEnd(Logs logs) {
        predictEnd.accept(logs);
    }

    @Override
    public void onPredictBatchBegin(int batch, Logs logs) {
        predictBatchBegin.accept(batch, logs);
    }

    @Override
    public void onPredictBatchEnd(int batch, Logs logs) {
        predictBatchEnd.accept(batch, logs);
    }
}
