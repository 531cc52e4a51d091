package com.example.aftersales.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file store: {@code <dir>/<case id>/<uuid>} for each attachment, {@code <dir>/.incoming/} for uploads being
 * staged. A staged file is written, flushed to the disk ({@code fsync}) and then moved into place with an atomic
 * rename, whose directory is flushed too; so after a crash a file under its key is whole. Staged files left behind by
 * a killed process are deleted when they are older than {@link #STALE} (another instance may be staging right now).
 */
class FileEvidenceStore implements EvidenceStore {

    private static final Logger log = LoggerFactory.getLogger(FileEvidenceStore.class);
    static final Duration STALE = Duration.ofHours(1);
    static final String INCOMING = ".incoming";

    private final Path root;
    private final Path incoming;

    FileEvidenceStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.incoming = this.root.resolve(INCOMING);
    }

    Path root() {
        return root;
    }

    @Override
    public Staged stage(InputStream in, long maxBytes) throws IOException {
        Files.createDirectories(incoming);
        Path file = incoming.resolve(UUID.randomUUID() + ".part");
        MessageDigest sha = sha256();
        long size = 0;
        boolean kept = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                size += n;
                if (size > maxBytes) {
                    throw new TooLarge(maxBytes);
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            out.flush();
            channel.force(true);
            kept = true;
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
        return new Staged(file, HexFormat.of().formatHex(sha.digest()), size);
    }

    @Override
    public void commit(Staged staged, String key) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The evidence folder " + root + " cannot rename atomically from " + incoming, e);
        }
        forceDirectory(target.getParent());
    }

    @Override
    public void discard(Staged staged) {
        try {
            Files.deleteIfExists(staged.file());
        } catch (IOException e) {
            log.warn("Could not delete the staged upload {}: {}", staged.file(), e.toString());
        }
    }

    @Override
    public InputStream openVerified(String key, String sha256, long size) throws IOException {
        Path file = resolve(key);
        try {
            long actual = Files.size(file);
            if (actual != size) {
                throw EvidenceExceptions.Damaged.size(key, size, actual);
            }
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            String found = HexFormat.of().formatHex(sha.digest());
            if (!found.equalsIgnoreCase(sha256)) {
                throw EvidenceExceptions.Damaged.checksum(key, sha256, found);
            }
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw EvidenceExceptions.Damaged.missing(key);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    /** Staged files older than {@link #STALE}: left by a process that was killed while it received them. */
    void sweepIncoming() {
        if (!Files.isDirectory(incoming)) {
            return;
        }
        Instant before = Instant.now().minus(STALE);
        try (Stream<Path> files = Files.list(incoming)) {
            files.filter(f -> f.getFileName().toString().endsWith(".part")).forEach(f -> {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                        Files.deleteIfExists(f);
                        log.info("Deleted the stale staged upload {}", f);
                    }
                } catch (IOException e) {
                    log.warn("Could not delete the stale staged upload {}: {}", f, e.toString());
                }
            });
        } catch (IOException e) {
            log.warn("Could not list {}: {}", incoming, e.toString());
        }
    }

    /** A key is {@code <digits>/<uuid>}: anything else never names a file (no way out of the folder). */
    private Path resolve(String key) {
        if (!key.matches("\\d{1,19}/[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("Not an evidence key: " + key);
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("Not an evidence key: " + key);
        }
        return file;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory to flush it; the rename is still atomic
            log.debug("Could not flush the directory {}: {}", dir, e.toString());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
