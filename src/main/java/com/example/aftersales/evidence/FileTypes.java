package com.example.aftersales.evidence;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

import com.example.aftersales.text.Text;

/**
 * The type of an uploaded file, from its bytes only (Apache Tika's magic numbers; its name and the sender's
 * Content-Type are never asked), and the allowed set: photos (JPEG, PNG, WebP, GIF), videos (MP4, QuickTime), PDF,
 * Word and Excel documents (97–2003 and OOXML, without macros) and plain text. Everything else is refused: HTML, SVG,
 * XML, scripts, executables, archives. An OOXML or OLE2 file is looked into (its part or stream names only, nothing
 * run) to tell a Word document from a workbook and to refuse macros. A name whose extension says another allowed type
 * than the bytes is refused (a photo.jpg that is text); the name kept always ends in the type's extension.
 */
final class FileTypes {

    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String DOC = "application/msword";
    static final String XLS = "application/vnd.ms-excel";

    /** The allowed types and their extensions (the first is the one given to a name without one). */
    static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("image/jpeg", List.of("jpg", "jpeg")),
            Map.entry("image/png", List.of("png")),
            Map.entry("image/webp", List.of("webp")),
            Map.entry("image/gif", List.of("gif")),
            Map.entry("video/mp4", List.of("mp4", "m4v")),
            Map.entry("video/quicktime", List.of("mov", "qt")),
            Map.entry("application/pdf", List.of("pdf")),
            Map.entry(DOCX, List.of("docx")),
            Map.entry(XLSX, List.of("xlsx")),
            Map.entry(DOC, List.of("doc")),
            Map.entry(XLS, List.of("xls")),
            Map.entry("text/plain", List.of("txt", "log", "csv")));

    /** Images the console shows a thumbnail of (ImageIO reads them without anything else installed). */
    static final Set<String> THUMBNAILED = Set.of("image/jpeg", "image/png", "image/gif");

    private static final MimeTypes TIKA = MimeTypes.getDefaultMimeTypes();
    /** Markup in the first bytes of a "text" file: a page or a drawing a browser would render, not a report. */
    private static final List<String> MARKUP = List.of("<html", "<!doctype", "<script", "<svg", "<?xml", "<body",
            "<iframe", "<head", "<img", "<object", "<embed", "<a ", "<meta", "<style", "<xsl", "<!entity");
    private static final int MAX_ZIP_ENTRIES = 10_000;

    private FileTypes() {
    }

    /** The allowed type of the bytes in {@code file}, or {@link EvidenceExceptions.RefusedType} saying what they are. */
    static String detect(Path file) throws IOException {
        MediaType detected;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            detected = TIKA.detect(in, new Metadata()); // no name given: the bytes alone decide
        }
        String type = detected.getBaseType().toString();
        switch (type) {
            case "application/zip", "application/x-tika-ooxml" -> type = ooxml(file);
            case "application/x-tika-msoffice" -> type = ole2(file);
            case "text/plain" -> plainText(file);
            default -> { }
        }
        if (type.equals("video/x-m4v")) type = "video/mp4";
        if (!ALLOWED.containsKey(type)) {
            throw new EvidenceExceptions.RefusedType(Text.of("evidence.type", type));
        }
        return type;
    }

    /** An OOXML package: a Word document or a workbook, without macros; any other ZIP is an archive, refused. */
    private static String ooxml(Path file) throws IOException {
        boolean word = false, excel = false, types = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            for (int n = 0; entries.hasMoreElements(); n++) {
                if (n > MAX_ZIP_ENTRIES) throw new EvidenceExceptions.RefusedType(Text.of("evidence.type", "application/zip"));
                String name = entries.nextElement().getName().toLowerCase(Locale.ROOT);
                if (name.endsWith("vbaproject.bin") || name.endsWith(".bin") && name.contains("activex")) {
                    throw new EvidenceExceptions.RefusedType(Text.of("evidence.macros"));
                }
                types |= name.equals("[content_types].xml");
                word |= name.equals("word/document.xml");
                excel |= name.equals("xl/workbook.xml");
            }
        } catch (java.util.zip.ZipException e) {
            throw new EvidenceExceptions.RefusedType(Text.of("evidence.type", "application/zip"));
        }
        if (types && word && !excel) return DOCX;
        if (types && excel && !word) return XLSX;
        return "application/zip";
    }

    /** An OLE2 compound file: a Word 97–2003 document or workbook, without macros. */
    private static String ole2(Path file) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            DirectoryNode root = fs.getRoot();
            if (root.hasEntry("Macros") || root.hasEntry("_VBA_PROJECT_CUR") || root.hasEntry("_VBA_PROJECT")) {
                throw new EvidenceExceptions.RefusedType(Text.of("evidence.macros"));
            }
            boolean word = root.hasEntry("WordDocument");
            boolean excel = root.hasEntry("Workbook") || root.hasEntry("Book");
            if (word && !excel) return DOC;
            if (excel && !word) return XLS;
        } catch (RuntimeException e) {
            // not a readable compound file
        }
        return "application/x-tika-msoffice";
    }

    /** Text with markup a browser would render (HTML, SVG, XML) at its start is refused, whatever else it holds. */
    private static void plainText(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64 * 1024);
        }
        String text = new String(head, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        for (String markup : MARKUP) {
            if (text.contains(markup)) {
                throw new EvidenceExceptions.RefusedType(Text.of("evidence.markup", markup + "…>"));
            }
        }
    }

    /**
     * The name to keep: its last path segment, normalised (NFC), without control or direction-changing characters,
     * without characters file systems refuse, at most 120 characters, ending in the type's extension. A name whose
     * extension names another allowed type is refused (the bytes and the name disagree).
     */
    static String name(String original, String type) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder clean = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == 0xFFFD) return;
            clean.appendCodePoint("<>:\"|?*;%".indexOf(c) >= 0 ? '_' : c);
        });
        name = clean.toString().strip().replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        List<String> extensions = ALLOWED.get(type);
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        String base = dot > 0 ? name.substring(0, dot) : name;
        if (!extensions.contains(extension)) {
            for (Map.Entry<String, List<String>> other : ALLOWED.entrySet()) {
                if (other.getValue().contains(extension)) {
                    throw new EvidenceExceptions.RefusedType(Text.of("evidence.nameMismatch", "." + extension, type));
                }
            }
            base = name; // an unknown extension stays part of the name
            extension = extensions.get(0);
        }
        if (base.isBlank()) base = "evidence";
        int max = 120 - extension.length() - 1;
        if (base.codePointCount(0, base.length()) > max) {
            base = base.substring(0, base.offsetByCodePoints(0, max));
        }
        return base + "." + extension;
    }
}
