package com.example.aftersales.evidence;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Text on A4 pages with one embedded font (a subset of it: only the glyphs used are written into the PDF): headings,
 * wrapped paragraphs (Chinese wraps between any two characters, other text between words), new pages as needed, page
 * numbers. A character the font has no glyph for is written as "?" rather than failing the document.
 */
final class PdfText implements Closeable {

    private static final float MARGIN = 48;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

    private final PDDocument doc;
    private final PDType0Font font;
    private final Map<Integer, Boolean> printable = new HashMap<>();
    private final String footer;
    private PDPageContentStream out;
    private float y;
    private int pages;

    PdfText(PDDocument doc, PDType0Font font, String footer) {
        this.doc = doc;
        this.font = font;
        this.footer = footer;
    }

    void title(String text) throws IOException {
        paragraph(text, 16, 0, 6);
    }

    void heading(String text) throws IOException {
        space(8);
        paragraph(text, 12.5f, 0, 3);
    }

    void subheading(String text) throws IOException {
        space(3);
        paragraph(text, 10.5f, 0, 2);
    }

    void line(String text) throws IOException {
        paragraph(text, 9, 0, 1);
    }

    void indented(String text) throws IOException {
        paragraph(text, 9, 14, 1);
    }

    void field(String label, Object value) throws IOException {
        if (value != null && !String.valueOf(value).isBlank()) {
            paragraph(label + ": " + value, 9, 0, 1);
        }
    }

    void space(float points) {
        y -= points;
    }

    private void paragraph(String text, float size, float indent, float after) throws IOException {
        float leading = size * 1.35f;
        for (String row : wrap(clean(text), size, WIDTH - indent)) {
            if (out == null || y - leading < MARGIN + 14) {
                newPage();
            }
            y -= leading;
            out.beginText();
            out.setFont(font, size);
            out.newLineAtOffset(MARGIN + indent, y);
            out.showText(row);
            out.endText();
        }
        y -= after;
    }

    private void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        pages++;
        out = new PDPageContentStream(doc, page);
        y = PDRectangle.A4.getHeight() - MARGIN;
        out.beginText();
        out.setFont(font, 7.5f);
        out.newLineAtOffset(MARGIN, MARGIN - 16);
        out.showText(clean(footer + " · " + pages));
        out.endText();
    }

    /** Rows of at most {@code width} points: breaks between words, and between any two CJK characters. */
    private List<String> wrap(String text, float size, float width) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            List<String> tokens = tokens(paragraph);
            StringBuilder row = new StringBuilder();
            for (String token : tokens) {
                String candidate = row + token;
                if (row.length() > 0 && width(candidate.stripTrailing(), size) > width) {
                    rows.add(row.toString().stripTrailing());
                    row.setLength(0);
                    token = token.stripLeading();
                }
                while (width(token, size) > width && token.length() > 1) { // a word longer than a row
                    int cut = token.length() - 1;
                    while (cut > 1 && width(token.substring(0, cut), size) > width) cut--;
                    rows.add(token.substring(0, cut));
                    token = token.substring(cut);
                }
                row.append(token);
            }
            rows.add(row.toString().stripTrailing());
        }
        return rows;
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isIdeographic(c) || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                    || Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                    || Character.UnicodeBlock.of(c) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS) {
                if (word.length() > 0) { tokens.add(word.toString()); word.setLength(0); }
                tokens.add(new String(Character.toChars(c)));
            } else {
                word.appendCodePoint(c);
                if (c == ' ' || c == '/' || c == '-' || c == ',') { tokens.add(word.toString()); word.setLength(0); }
            }
        });
        if (word.length() > 0) tokens.add(word.toString());
        return tokens;
    }

    private float width(String text, float size) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /** Tabs as spaces, other control characters dropped, characters without a glyph as "?". */
    private String clean(String text) {
        StringBuilder out = new StringBuilder();
        (text == null ? "" : text).codePoints().forEach(c -> {
            if (c == '\n') { out.append('\n'); return; }
            if (c == '\t') { out.append(' '); return; }
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) return;
            out.append(printable.computeIfAbsent(c, this::hasGlyph) ? new String(Character.toChars(c)) : "?");
        });
        return out.toString();
    }

    private boolean hasGlyph(int codePoint) {
        try {
            font.encode(new String(Character.toChars(codePoint)));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
