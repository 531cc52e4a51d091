package com.example.aftersales.evidence;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small PNG of a photo for the console, made by Java's own ImageIO (no external program; nothing in the file is
 * run). The dimensions are read from the image's header first: an image declaring more than
 * {@code aftersales.evidence.max-image-pixels} (a decompression bomb, or simply too large) gets no thumbnail, and the
 * others are decoded subsampled, so memory stays bounded by the thumbnail's size rather than the image's.
 */
final class Thumbnails {

    private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);

    private Thumbnails() {
    }

    /** The thumbnail's PNG bytes, or null (not an image ImageIO reads, too large, unreadable). */
    static byte[] of(Path file, long maxPixels, int size) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) return null;
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return null;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width < 1 || height < 1 || width * height > maxPixels) {
                    log.info("No thumbnail for a {}x{} image (at most {} pixels)", width, height, maxPixels);
                    return null;
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.max(1, Math.max(width, height) / (size * 2L));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                double scale = Math.min(1.0, (double) size / Math.max(image.getWidth(), image.getHeight()));
                int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
                int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
                BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = thumb.createGraphics();
                try {
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.setColor(java.awt.Color.WHITE);
                    g.fillRect(0, 0, w, h);
                    g.drawImage(image, 0, 0, w, h, null);
                } finally {
                    g.dispose();
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(thumb, "png", out);
                return out.toByteArray();
            } finally {
                reader.dispose();
            }
        } catch (Exception | OutOfMemoryError e) {
            log.info("No thumbnail: the image cannot be read ({})", e.toString());
            return null;
        }
    }
}
