package dev.lamina.tensor.kernels;

/**
 * The index arithmetic of one channels-last window op (convolution or pooling) over {@code [batch, height, width,
 * channels]}, already validated by the op façade. A 1-D op is the same with {@code height = kernelH = 1}.
 * Window {@code (oy, ox)} reads input rows {@code oy*strideH - padTop + a*dilationH} for {@code a < kernelH}
 * (columns likewise); positions outside the input are padding. Internal.
 */
final class ConvGeometry {
    public final int batch, height, width, channels;
    public final int kernelH, kernelW, strideH, strideW, dilationH, dilationW;
    public final int padTop, padLeft, outH, outW;

    ConvGeometry(int batch, int height, int width, int channels,
                        int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW,
                        int padTop, int padLeft, int outH, int outW) {
        this.batch = batch;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.outH = outH;
        this.outW = outW;
    }

    /** Elements of one im2col row: the window's {@code kernelH * kernelW * channels} values, in HWC order. */
    public int patchSize() {
        return kernelH * kernelW * channels;
    }

    /** Output positions per image. */
    public int outPixels() {
        return outH * outW;
    }

    /** Elements of one input image. */
    public int imageSize() {
        return height * width * channels;
    }

    /** True when the windows are exactly the input pixels (1x1 kernel, stride 1, no padding): im2col is the identity. */
    public boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0
                && outH == height && outW == width;
    }
}
