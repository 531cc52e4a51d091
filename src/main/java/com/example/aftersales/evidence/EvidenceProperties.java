package com.example.aftersales.evidence;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where evidence is kept and how much a case may hold.
 *
 * @param store           {@code file}: a folder of this service ({@code dir}); the only store provided (docs/EVIDENCE.md
 *                        says why there is no S3 store)
 * @param dir             the folder of the file store; by default {@code ./data/evidence}, beside the embedded database
 * @param maxFileSize     the largest file (also bounded by {@code spring.servlet.multipart.max-file-size})
 * @param maxFilesPerCase the most files one case may hold (removed ones count: their bytes are kept)
 * @param maxTotalPerCase the most bytes one case may hold
 * @param maxImagePixels  an image whose header declares more pixels than this gets no thumbnail (decompression bombs)
 * @param thumbnailSize   the longer side of a thumbnail, in pixels
 * @param fontFile        the TrueType CJK font (.ttf or .ttc) embedded, as a subset, in the dossier PDF
 */
@ConfigurationProperties("aftersales.evidence")
record EvidenceProperties(@DefaultValue("file") String store,
                          @DefaultValue("./data/evidence") Path dir,
                          @DefaultValue("20MB") DataSize maxFileSize,
                          @DefaultValue("50") int maxFilesPerCase,
                          @DefaultValue("200MB") DataSize maxTotalPerCase,
                          @DefaultValue("40000000") long maxImagePixels,
                          @DefaultValue("240") int thumbnailSize,
                          @DefaultValue("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc") Path fontFile) {

    EvidenceProperties {
        if (!"file".equals(store)) {
            throw new IllegalArgumentException("aftersales.evidence.store must be 'file' (the only store provided; "
                    + "see docs/EVIDENCE.md), not '" + store + "'");
        }
        if (maxFilesPerCase < 1 || maxFileSize.toBytes() < 1 || maxTotalPerCase.toBytes() < 1) {
            throw new IllegalArgumentException("aftersales.evidence limits must be positive");
        }
        if (thumbnailSize < 16 || thumbnailSize > 1024) {
            throw new IllegalArgumentException("aftersales.evidence.thumbnail-size must be between 16 and 1024");
        }
    }
}
