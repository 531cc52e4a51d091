package com.example.aftersales.evidence;

import java.net.URI;
import java.util.List;

import com.example.aftersales.text.Text;
import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.contract.ProblemException;

/** What the evidence endpoints refuse, in both languages; answered as problem+json by web.ProblemHandler. */
public final class EvidenceExceptions {

    private EvidenceExceptions() {
    }

    /** A refusal with the HTTP status the API answers, the title and the bad fields (the console says them too). */
    public abstract static class Refusal extends ProblemException {
        /** Problem types with a page each (contract.ProblemTypes), as every other refusal has. */
        static final URI INVALID = ProblemException.INVALID_REQUEST;
        static final URI DAMAGED = ProblemException.type("evidence-damaged");

        Refusal(int status, String titleKey, Text detail, List<FieldProblem> errors) {
            this(status, status == 400 ? INVALID : null, titleKey, detail, errors);
        }

        Refusal(int status, URI type, String titleKey, Text detail, List<FieldProblem> errors) {
            super(status, type, Text.of(titleKey), detail, errors, null);
        }
    }

    /** Bad input (400): every bad field named, nothing recorded. */
    static final class Invalid extends Refusal {
        Invalid(List<FieldProblem> errors) {
            super(400, "problem.invalid", errors.size() == 1 ? Text.of("problem.oneField") : Text.of("problem.fields", errors.size()), errors);
        }
    }

    /** A file of a type that is not kept (415), e.g. HTML or SVG, whatever its name says. */
    static final class RefusedType extends Refusal {
        RefusedType(Text why) {
            super(415, "evidence.refusedType.title", why, List.of(new FieldProblem("file", why)));
        }
    }

    /** A file over the size limit (413). */
    static final class TooLarge extends Refusal {
        TooLarge(long maxBytes) {
            super(413, "evidence.tooLarge.title", Text.of("evidence.tooLarge", mb(maxBytes)),
                    List.of(new FieldProblem("file", Text.of("evidence.tooLarge", mb(maxBytes)))));
        }
    }

    /** The case holds as many files or bytes as it may (409). */
    static final class CaseFull extends Refusal {
        CaseFull(Text why) {
            super(409, "evidence.caseFull.title", why, List.of());
        }
    }

    /** Removal or purge that already happened, or cannot happen now (409). */
    static final class Conflict extends Refusal {
        Conflict(Text why) {
            super(409, "evidence.conflict.title", why, List.of());
        }
    }

    /** No such evidence on that case (404). */
    static final class NotFound extends Refusal {
        NotFound(long caseId, long evidenceId) {
            super(404, "evidence.notFound.title", Text.of("evidence.notFound", evidenceId, caseId), List.of());
        }
    }

    /** The bytes were purged by an administrator (410): the record stays, the file is gone on purpose. */
    static final class Purged extends Refusal {
        Purged(long evidenceId, String by, Object at, String reason) {
            super(410, "evidence.purged.title", Text.of("evidence.purged", evidenceId, by, at, reason), List.of());
        }
    }

    /**
     * The stored bytes are not what was attached (changed, cut short or missing): never served. The service's fault
     * (its storage), not the caller's: 500, in words, and logged.
     */
    public static final class Damaged extends Refusal {
        Damaged(Text why) {
            super(500, Refusal.DAMAGED, "evidence.damaged.title", why, List.of());
        }

        static Damaged checksum(String key, String expected, String found) {
            return new Damaged(Text.of("evidence.damaged.checksum", key, expected, found));
        }

        static Damaged size(String key, long expected, long found) {
            return new Damaged(Text.of("evidence.damaged.size", key, expected, found));
        }

        static Damaged missing(String key) {
            return new Damaged(Text.of("evidence.damaged.missing", key));
        }
    }

    /** The dossier cannot be written: its font is not installed (503). */
    static final class FontMissing extends Refusal {
        FontMissing(Object file) {
            super(503, "evidence.font.title", Text.of("evidence.font", file), List.of());
        }
    }

    static long mb(long bytes) {
        return Math.max(1, bytes >> 20);
    }
}
