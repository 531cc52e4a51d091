/**
 * The case file (P19, P21, P14/P16): evidence attached to a case or one of its events — photos, videos, PDF or scanned
 * forms, office documents — with who attached it, when, a description and its SHA-256; the bytes in an
 * {@link com.example.aftersales.evidence.EvidenceStore} (a folder beside the database by default), checked on every
 * read; never changed once attached (removal and purge are recorded events). Uploads are hostile: the type is
 * detected from the bytes and only an allowed set is kept, files are served as attachments only, image thumbnails are
 * made by ImageIO within bounded dimensions. And the dossier: one PDF (and a ZIP with the files) for the archive.
 * Uses the cases module through {@code CaseService}; reads the case events and rectification orders through the
 * followup module's services, and tells it of each file attached to or removed from a case event
 * ({@code followup.CaseEventFiles}, in the same transaction): the follow-up keeps what it needs of them (its monthly
 * summary counts the result forms with their scan) without reading this module's tables.
 */
package com.example.aftersales.evidence;
