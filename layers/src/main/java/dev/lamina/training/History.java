package dev.lamina.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keras' History: per-key lists of per-epoch values, the epoch indices and the fit parameters. */
public final class History extends Callback {
    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.asMap().entrySet()) {
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** {@code history.history[key]} in Keras: every log key to its per-epoch values. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        history.forEach((k, v) -> out.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(out);
    }

    /** The values logged under {@code key}; throws listing the keys when absent. */
    public List<Double> get(String key) {
        List<Double> v = history.get(key);
        if (v == null) throw new IllegalArgumentException("History: no key '" + key + "'; keys: " + history.keySet());
        return Collections.unmodifiableList(v);
    }

    /** The 0-based indices of the epochs that ran. */
    public List<Integer> epoch() {
        return Collections.unmodifiableList(epochs);
    }

    /** The fit parameters (verbose, epochs, steps, ...). */
    public Map<String, Object> params() {
        return getParams();
    }

    @Override
    public String toString() {
        return "History" + history;
    }
}
