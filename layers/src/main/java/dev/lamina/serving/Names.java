package dev.lamina.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A predictor's arguments by name turned into lists by position, and count checks, with the errors naming what is wrong. */
final class Names {
    private Names() {
    }

    static <T> List<T> byPosition(String who, String what, List<String> names, Map<String, T> given) {
        if (given == null) throw new IllegalArgumentException(who + ": expected a map of " + what + "s by name, received null");
        List<String> unknown = new ArrayList<>();
        for (String k : given.keySet()) if (!names.contains(k)) unknown.add(k);
        if (!unknown.isEmpty() || given.size() != names.size()) {
            List<String> missing = new ArrayList<>();
            for (String n : names) if (!given.containsKey(n)) missing.add(n);
            throw new IllegalArgumentException(who + ": expected " + what + "s named " + names + ", received " + new TreeSet<>(given.keySet())
                    + (unknown.isEmpty() ? "" : "; unknown " + unknown) + (missing.isEmpty() ? "" : "; missing " + missing));
        }
        List<T> out = new ArrayList<>();
        for (String n : names) out.add(given.get(n));
        return out;
    }

    static void count(String who, String what, List<String> names, int received) {
        if (received != names.size()) {
            throw new IllegalArgumentException(who + ": expected " + names.size() + " " + what + " " + names + ", received " + received);
        }
    }
}
