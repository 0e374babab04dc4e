package dev.lamina.utils;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Python's {@code str.format} with keyword arguments, as Keras uses it for file paths
 * ({@code ModelCheckpoint("w_{epoch:02d}_{val_loss:.2f}")}) and messages, plus {@code format(value, spec)}.
 *
 * <p>Supports literal text with {@code {{}/{@code }}} escapes, named fields, {@code !r}/{@code !s}/{@code !a}
 * conversions, nested fields inside a spec ({@code {x:.{p}f}}), and the full format-spec mini-language for
 * ints (b c d o x X n e f g %), floats (e E f F g G n % and none) and strings (s). Floats are rounded from their
 * exact binary value with round-half-even, as Python does: {@code format(0.125, ".2f") == "0.12"} and
 * float32 0.645 (0.64499998...) gives {@code "0.64"}, where Java's {@code String.format} rounds half-up.
 *
 * <p>Java values map to Python types: Byte/Short/Integer/Long/BigInteger are ints, Boolean is a bool (an int that
 * prints as True/False with an empty spec), Float (widened to double, as Keras logs hold Python floats), Double
 * and other Numbers are floats, CharSequence/Character are strings, null is None. Positional fields
 * ({@code {}}, {@code {0}}) and attribute/index access ({@code {a.b}}, {@code {a[0]}}) are not supported.
 */
public final class PyFormat {
    private PyFormat() {
    }

    /**
     * {@code template.format(**values)}.
     *
     * @throws IllegalArgumentException for a key missing from {@code values} (the message lists the available
     *                                  keys), a malformed template, or a spec that does not fit its value
     */
    public static String format(String template, Map<String, ?> values) {
        Objects.requireNonNull(template, "PyFormat: template must not be null");
        Objects.requireNonNull(values, "PyFormat: values must not be null");
        return render(template, values, 2, template);
    }

    /** Python's {@code format(value, spec)}; an empty spec gives {@code str(value)}. */
    public static String formatValue(Object value, String spec) {
        Objects.requireNonNull(spec, "PyFormat: spec must not be null");
        if (spec.isEmpty()) {
            return PyRepr.str(value);
        }
        if (value instanceof Boolean b) {
            return SpecFormatter.formatInt(b ? BigInteger.ONE : BigInteger.ZERO, spec, "bool", value);
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return SpecFormatter.formatInt(BigInteger.valueOf(((Number) value).longValue()), spec, "int", value);
        }
        if (value instanceof BigInteger big) {
            return SpecFormatter.formatInt(big, spec, "int", value);
        }
        if (value instanceof Number number) {
            return SpecFormatter.formatFloat(number.doubleValue(), FormatSpec.parse(spec, '>', (char) 0, "float"),
                    value);
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return SpecFormatter.formatString(value.toString(), spec);
        }
        String type = value == null ? "NoneType" : value.getClass().getSimpleName();
        throw new IllegalArgumentException("PyFormat: expected a number or a string for format spec '" + spec
                + "', received " + type + " " + PyRepr.str(value));
    }

    private static String render(String t, Map<String, ?> values, int depth, String template) {
        if (depth <= 0) {
            throw templateError(template, "Max string recursion exceeded");
        }
        StringBuilder out = new StringBuilder(t.length() + 16);
        int n = t.length();
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (c == '}') {
                if (i + 1 < n && t.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw templateError(template, "Single '}' encountered in format string");
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && t.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
                continue;
            }
            if (i + 1 >= n) {
                throw templateError(template, "Single '{' encountered in format string");
            }
            i = field(t, i + 1, values, depth, template, out);
        }
        return out.toString();
    }

    /** Parses and renders one replacement field starting after its '{'; returns the index after its '}'. */
    private static int field(String t, int p, Map<String, ?> values, int depth, String template, StringBuilder out) {
        int n = t.length();
        int nameStart = p;
        char stop = 0;
        while (p < n) {
            char ch = t.charAt(p++);
            if (ch == '{') {
                throw templateError(template, "unexpected '{' in field name");
            }
            if (ch == '[') {
                while (p < n && t.charAt(p) != ']') {
                    p++;
                }
                continue;
            }
            if (ch == '}' || ch == ':' || ch == '!') {
                stop = ch;
                break;
            }
        }
        if (stop == 0) {
            throw templateError(template, "expected '}' before end of string");
        }
        String name = t.substring(nameStart, p - 1);
        char conversion = 0;
        if (stop == '!') {
            if (p >= n) {
                throw templateError(template, "end of string while looking for conversion specifier");
            }
            conversion = t.charAt(p++);
            if (p >= n) {
                throw templateError(template, "expected '}' before end of string");
            }
            stop = t.charAt(p++);
            if (stop != '}' && stop != ':') {
                throw templateError(template, "expected ':' after conversion specifier");
            }
        }
        String spec = "";
        if (stop == ':') {
            int specStart = p;
            int count = 1;
            boolean nested = false;
            while (p < n && count > 0) {
                char ch = t.charAt(p++);
                if (ch == '{') {
                    count++;
                    nested = true;
                } else if (ch == '}') {
                    count--;
                }
            }
            if (count != 0) {
                throw templateError(template, "unmatched '{' in format spec");
            }
            spec = t.substring(specStart, p - 1);
            if (nested) {
                spec = render(spec, values, depth - 1, template);
            }
        }
        Object value = lookup(name, values, template);
        if (conversion != 0) {
            value = switch (conversion) {
                case 'r' -> PyRepr.repr(value);
                case 's' -> PyRepr.str(value);
                case 'a' -> ascii(PyRepr.repr(value));
                default -> throw templateError(template, "Unknown conversion specifier " + conversion);
            };
        }
        out.append(formatValue(value, spec));
        return p;
    }

    private static Object lookup(String name, Map<String, ?> values, String template) {
        if (name.isEmpty() || name.chars().allMatch(Character::isDigit)) {
            throw templateError(template, "positional field {" + name + "} is not supported; name the field, "
                    + "e.g. {epoch}");
        }
        if (name.indexOf('.') >= 0 || name.indexOf('[') >= 0) {
            throw templateError(template, "attribute or index access in field {" + name + "} is not supported");
        }
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("PyFormat: missing key '" + name + "' in format string '" + template
                    + "'; available keys: " + new TreeSet<>(values.keySet()));
        }
        return values.get(name);
    }

    private static IllegalArgumentException templateError(String template, String pythonMessage) {
        return new IllegalArgumentException("PyFormat: malformed format string '" + template + "': " + pythonMessage);
    }

    /** Python's ascii(): escapes every non-ASCII character of a repr. */
    private static String ascii(String repr) {
        StringBuilder sb = new StringBuilder(repr.length());
        repr.codePoints().forEach(cp -> {
            if (cp < 0x80) {
                sb.append((char) cp);
            } else if (cp <= 0xFF) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xFFFF) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        });
        return sb.toString();
    }
}
