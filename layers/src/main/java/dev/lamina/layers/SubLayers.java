package dev.lamina.layers;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the layers a layer holds in its instance fields: a field whose value is a Layer, or a collection, map
 * (values) or array of layers, in declaration order, superclass fields first. The fields of Lamina's own model classes
 * are skipped: a functional model or a Sequential keeps its layers in its graph. Each layer is listed once, never the
 * layer itself.
 */
final class SubLayers {
    private static final Set<String> MODEL_CLASSES = Set.of("dev.lamina.models.Model", "dev.lamina.models.Sequential");

    private SubLayers() {
    }

    /** The instance fields that may hold layers, per class, in scan order: found once per class. */
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Class<?>> classes = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Layer.class; c = c.getSuperclass()) {
                if (!MODEL_CLASSES.contains(c.getName())) classes.add(0, c);
            }
            List<Field> out = new ArrayList<>();
            for (Class<?> c : classes) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic() && mayHoldLayers(f.getType())) out.add(f);
                }
            }
            return List.copyOf(out);
        }
    };

    /** False for a class with no field that could hold a layer (most layers): it never has parts. */
    static boolean mayHaveParts(Class<? extends Layer> type) {
        return !FIELDS.get(type).isEmpty();
    }

    static List<Layer> scan(Layer owner) {
        List<Field> fields = FIELDS.get(owner.getClass());
        if (fields.isEmpty()) return List.of();
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(owner);
        List<Layer> out = new ArrayList<>();
        for (Field f : fields) {
            Object v = read(owner, f);
            if (v instanceof Layer) add((Layer) v, seen, out);
            else if (v instanceof Collection) for (Object o : (Collection<?>) v) addIfLayer(o, seen, out);
            else if (v instanceof Map) for (Object o : ((Map<?, ?>) v).values()) addIfLayer(o, seen, out);
            else if (v != null && v.getClass().isArray() && !v.getClass().getComponentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(v); i++) addIfLayer(Array.get(v, i), seen, out);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static boolean mayHoldLayers(Class<?> type) {
        return Layer.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
                || type == Object.class || (type.isArray() && !type.getComponentType().isPrimitive());
    }

    private static Object read(Layer owner, Field f) {
        try {
            f.setAccessible(true);
            return f.get(owner);
        } catch (InaccessibleObjectException | IllegalAccessException e) {
            throw new IllegalStateException(owner.className() + " '" + owner.name() + "': cannot read field '" + f.getName() + "' to find its layers ("
                    + e.getMessage() + "); open its package to dev.lamina.layers", e);
        }
    }

    private static void addIfLayer(Object o, Set<Layer> seen, List<Layer> out) {
        if (o instanceof Layer) add((Layer) o, seen, out);
    }

    private static void add(Layer l, Set<Layer> seen, List<Layer> out) {
        if (seen.add(l)) out.add(l);
    }
}
