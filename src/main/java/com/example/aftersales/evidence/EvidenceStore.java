package com.example.aftersales.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where the bytes of evidence are kept. An upload is first <em>staged</em> (written whole, counted, hashed and made
 * durable under a temporary name), then <em>committed</em> under its key in one atomic step; the database row that
 * names the key is written only after that. A process killed at any point leaves either the whole file under its key
 * (and, once the row is committed, the attachment) or nothing that counts: a staged file is never read as evidence.
 */
interface EvidenceStore {

    /** Bytes written whole and durable under a temporary name, with their SHA-256 (hex) and size. */
    record Staged(Path file, String sha256, long size) {
    }

    /** Thrown while staging when the upload turns out larger than {@code maxBytes}: nothing is kept. */
    final class TooLarge extends IOException {
        final long maxBytes;

        TooLarge(long maxBytes) {
            super("larger than " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }
    }

    /** Reads {@code in} to its end, at most {@code maxBytes}, into a durable staged file. */
    Staged stage(InputStream in, long maxBytes) throws IOException;

    /** Puts the staged bytes under {@code key} at once (never half), durably. */
    void commit(Staged staged, String key) throws IOException;

    /** Forgets a staged file (refused upload). Never fails. */
    void discard(Staged staged);

    /**
     * The bytes under {@code key}, once their size and SHA-256 were checked against what was recorded: a damaged or
     * missing file is {@link EvidenceExceptions.Damaged}, never served.
     */
    InputStream openVerified(String key, String sha256, long size) throws IOException;

    /** Deletes the bytes under {@code key} (an administrator's purge). Absent already is fine. */
    void delete(String key) throws IOException;
}
