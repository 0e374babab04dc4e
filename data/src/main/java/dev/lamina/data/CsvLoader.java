package dev.lamina.data;

import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.IoErrors;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a numeric CSV file into a features tensor (rows, columns) and a labels tensor (rows,):
 * {@code new CsvLoader().header(true).labelColumn("species").load(path)}. Defaults: no header row, comma
 * delimiter, the label in the last column. Gzip-compressed input is recognised by its magic bytes, whatever the
 * file name. Fields may be double-quoted; blank lines are skipped. {@code skipRows(1)} reads scikit-learn's CSVs,
 * whose first line holds counts rather than data.
 */
public final class CsvLoader {
    private int skipRows;
    private boolean header;
    private char delimiter = ',';
    private Integer labelIndex = -1;        // null = by name, or no label when labelName is null too
    private String labelName;
    private boolean hasLabel = true;

    /**
     * Ignores the first {@code n} lines of the file, whatever they hold (numpy's and pandas' {@code skiprows}); the
     * header, if any, is the line after them. Error messages keep counting lines from the top of the file.
     */
    public CsvLoader skipRows(int n) {
        if (n < 0) throw new IllegalArgumentException("CsvLoader: expected skipRows >= 0, received skipRows=" + n);
        skipRows = n;
        return this;
    }

    /** Whether the first row (after {@link #skipRows}) holds column names (default false). */
    public CsvLoader header(boolean v) {
        header = v;
        return this;
    }

    public CsvLoader delimiter(char d) {
        if (d == '"' || d == '\n' || d == '\r') {
            throw new IllegalArgumentException("CsvLoader: expected a delimiter other than a quote or a line break, received '" + d + "'");
        }
        delimiter = d;
        return this;
    }

    /** The label column by position; negative counts from the end (-1, the default, is the last column). */
    public CsvLoader labelColumn(int index) {
        labelIndex = index;
        labelName = null;
        hasLabel = true;
        return this;
    }

    /** The label column by its header name (needs {@code header(true)}). */
    public CsvLoader labelColumn(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("CsvLoader: expected a label column name, received '" + name + "'");
        labelName = name;
        labelIndex = null;
        hasLabel = true;
        return this;
    }

    /** Every column is a feature; {@link LabeledData#labels()} will be null. */
    public CsvLoader noLabels() {
        hasLabel = false;
        labelIndex = null;
        labelName = null;
        return this;
    }

    public LabeledData load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("CsvLoader: expected an existing file, received " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLoader: cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /** Reads from {@code in} (not closed); {@code source} names it in error messages. */
    public LabeledData load(InputStream in, String source) {
        if (in == null) throw new IllegalArgumentException("CsvLoader: expected an input stream for " + source + ", received null");
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(decompressed(in), StandardCharsets.UTF_8.newDecoder()));
            return parse(reader, source);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("CsvLoader: expected UTF-8 text in " + source + ", received bytes that are not (is it a CSV file?)", e);
        } catch (EOFException | ZipException e) {
            throw new IllegalArgumentException("CsvLoader: truncated or corrupt gzip data in " + source + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLoader: cannot read " + source + ": " + IoErrors.reason(e), e);
        }
    }

    private static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in);
        b.mark(2);
        int m0 = b.read();
        int m1 = b.read();
        b.reset();
        return m0 == 0x1f && m1 == 0x8b ? new GZIPInputStream(b, 1 << 16) : b;
    }

    private LabeledData parse(BufferedReader reader, String source) throws IOException {
        List<String> names = null;
        int columns = -1;
        int label = -1;
        float[] features = new float[1024];
        int count = 0;
        List<String> labels = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
            if (line.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("CsvLoader: expected text, received binary data at line " + lineNo + " of " + source + " (is it a CSV file?)");
            }
            if (lineNo <= skipRows || line.isBlank()) continue;
            List<String> fields = split(line, lineNo, source);
            if (columns < 0) {
                columns = fields.size();
                names = header ? fields : defaultNames(columns);
                label = labelPosition(names, source);
                if (header) continue;
            } else if (fields.size() != columns) {
                throw new IllegalArgumentException("CsvLoader: expected " + columns + " columns in every row of " + source
                        + ", received " + fields.size() + " at line " + lineNo);
            }
            int width = columns - (label >= 0 ? 1 : 0);
            if (count + width > features.length) features = Arrays.copyOf(features, Math.max(features.length * 2, count + width));
            for (int c = 0; c < columns; c++) {
                String f = fields.get(c).trim();
                if (c == label) {
                    labels.add(f);
                } else {
                    features[count++] = number(f, names.get(c), c, lineNo, source);
                }
            }
        }
        int rows = label >= 0 ? labels.size() : (columns <= 0 ? 0 : count / columns);
        if (rows == 0) throw new IllegalArgumentException("CsvLoader: expected at least one data row in " + source + ", received none");
        int width = columns - (label >= 0 ? 1 : 0);
        List<String> featureNames = new ArrayList<>(names);
        if (label >= 0) featureNames.remove(label);
        Tensor x = Tensor.of(Arrays.copyOf(features, rows * width), rows, width);
        if (label < 0) return new LabeledData(x, null, featureNames, null);
        return labelled(x, labels, featureNames);
    }

    private static LabeledData labelled(Tensor x, List<String> labels, List<String> featureNames) {
        float[] y = new float[labels.size()];
        boolean numeric = true;
        for (int i = 0; i < y.length && numeric; i++) {
            Float v = parseFloat(labels.get(i));
            if (v == null) numeric = false;
            else y[i] = v;
        }
        if (numeric) return new LabeledData(x, Tensor.of(y, y.length), featureNames, null);
        // Text labels: class indices in sorted order, so the mapping does not depend on row order.
        List<String> classes = new ArrayList<>(new TreeSet<>(labels));
        for (int i = 0; i < y.length; i++) y[i] = java.util.Collections.binarySearch(classes, labels.get(i));
        return new LabeledData(x, Tensor.of(y, y.length), featureNames, classes);
    }

    private int labelPosition(List<String> names, String source) {
        if (!hasLabel) return -1;
        int columns = names.size();
        if (labelName != null) {
            if (!header) throw new IllegalArgumentException("CsvLoader: expected header(true) to find label column '" + labelName + "' by name, received a file read without a header");
            int i = names.indexOf(labelName);
            if (i < 0) throw new IllegalArgumentException("CsvLoader: expected label column '" + labelName + "' in the header of " + source + ", received columns " + names);
            return i;
        }
        int i = labelIndex < 0 ? columns + labelIndex : labelIndex;
        if (i < 0 || i >= columns) {
            throw new IllegalArgumentException("CsvLoader: expected a label column index in [" + (-columns) + ", " + (columns - 1) + "] for "
                    + columns + " columns in " + source + ", received " + labelIndex);
        }
        if (columns < 2) throw new IllegalArgumentException("CsvLoader: expected at least 2 columns (features and a label) in " + source + ", received 1");
        return i;
    }

    private static List<String> defaultNames(int columns) {
        List<String> names = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) names.add("column_" + i);
        return names;
    }

    private static float number(String field, String name, int column, int lineNo, String source) {
        Float v = parseFloat(field);
        if (v == null) {
            throw new IllegalArgumentException("CsvLoader: expected a number in column '" + name + "' (index " + column + ") at line " + lineNo
                    + " of " + source + ", received '" + (field.length() > 40 ? field.substring(0, 40) + "..." : field) + "'");
        }
        return v;
    }

    /** A float, accepting Python's spellings nan/inf as well; null if the text is not a number. */
    private static Float parseFloat(String s) {
        if (s.isEmpty()) return null;
        switch (s.toLowerCase(Locale.ROOT)) {
            case "nan": return Float.NaN;
            case "inf": case "+inf": case "infinity": return Float.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Float.NEGATIVE_INFINITY;
            default: break;
        }
        char last = s.charAt(s.length() - 1);
        if (!Character.isDigit(last) && last != '.') return null;     // Java would accept "1f", "1d"
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Splits one line at the delimiter, honouring double quotes ("" inside quotes is a quote). */
    private List<String> split(String line, int lineNo, String source) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == delimiter) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) throw new IllegalArgumentException("CsvLoader: expected a closing quote at line " + lineNo + " of " + source + ", received end of line");
        out.add(cur.toString());
        return out;
    }
}
