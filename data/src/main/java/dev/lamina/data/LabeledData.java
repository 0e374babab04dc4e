package dev.lamina.data;

import dev.lamina.tensor.Tensor;

import java.util.List;

/**
 * Features and labels read from a file: {@code features} has shape (rows, columns), {@code labels} shape (rows,)
 * (or null when the file has no label column). Numeric labels are kept as read; text labels become class indices
 * 0..k-1 in sorted order and {@link #classNames()} lists the original texts.
 */
public final class LabeledData {
    private final Tensor features;
    private final Tensor labels;
    private final List<String> featureNames;
    private final List<String> classNames;

    LabeledData(Tensor features, Tensor labels, List<String> featureNames, List<String> classNames) {
        this.features = features;
        this.labels = labels;
        this.featureNames = List.copyOf(featureNames);
        this.classNames = classNames == null ? null : List.copyOf(classNames);
    }

    public Tensor features() {
        return features;
    }

    /** The label column, or null when the loader was told there is none. */
    public Tensor labels() {
        return labels;
    }

    /** Column names of the features: the header's, or {@code column_<index>} without a header. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The label texts by class index when the labels were not numbers; null for numeric labels. */
    public List<String> classNames() {
        return classNames;
    }

    public int size() {
        return features.shape().dim(0);
    }

    @Override
    public String toString() {
        return "LabeledData(features=" + features.shape() + ", labels=" + (labels == null ? "None" : labels.shape()) + ")";
    }
}
