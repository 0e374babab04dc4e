package dev.lamina.utils.plot;

/**
 * A finished drawing plan in 1x pixel coordinates: one box per node (in node order), one route per
 * edge (in edge order), the rank of every node, and the canvas size.
 */
final class Layout {
    /** A node's box; {@code x, y} is its top-left corner. */
    record Box(double x, double y, double w, double h) {
        boolean overlaps(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }
    }

    /**
     * An edge: {@code path} is a start point and cubic segments (see {@link Canvas#curve}), ending
     * at the base of the arrowhead; {@code arrow} is the arrowhead triangle, tip first.
     */
    record Route(double[] path, double[] arrow) {}

    final double width;
    final double height;
    final Box[] boxes;
    final NodeLabel[] labels;
    final Route[] routes;
    final int[] ranks;

    Layout(double width, double height, Box[] boxes, NodeLabel[] labels, Route[] routes, int[] ranks) {
        this.width = width;
        this.height = height;
        this.boxes = boxes;
        this.labels = labels;
        this.routes = routes;
        this.ranks = ranks;
    }
}
