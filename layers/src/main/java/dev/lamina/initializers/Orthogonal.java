package dev.lamina.initializers;

import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/** Orthogonal initial values by modified Gram-Schmidt on a normal matrix (in double), as Keras' QR-based one. */
final class Orthogonal {
    private Orthogonal() {
    }

    static Tensor make(Shape s, Rng r, double gain) {
        if (s.rank() < 2) throw new IllegalArgumentException("Orthogonal: expected a shape of rank >= 2, received " + s);
        int cols = s.last(), rows = s.size() / cols;
        boolean flip = rows < cols;              // orthonormalise the longer side
        int n = flip ? cols : rows, m = flip ? rows : cols;
        double[][] q = new double[m][n];
        for (int j = 0; j < m; j++) for (int i = 0; i < n; i++) q[j][i] = r.nextGaussian();
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[j][i] * q[k][i];
                for (int i = 0; i < n; i++) q[j][i] -= dot * q[k][i];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[j][i] * q[j][i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) q[j][i] /= norm;
        }
        float[] d = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) d[i * cols + j] = (float) (gain * (flip ? q[i][j] : q[j][i]));
        }
        return Tensor.of(d, s);
    }
}
