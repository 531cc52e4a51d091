package com.example.aftersales.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.followup.MonthlyReports;
import com.example.aftersales.followup.MonthlySummary;
import com.example.aftersales.BothDatabases;

/**
 * The case file against a real database (H2 here; PostgreSQL in the PostgreSQL run) and a real server: attach,
 * list, download with its headers, checksums checked on read, hostile files refused (types, sizes, HTML and SVG named
 * as photos), the role checked before the body is read, removal and purge recorded, the dossier of the README's
 * example case read back with PDFBox (Chinese included), and the monthly count of result forms with their scan.
 */
@BothDatabases
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aftersales.test.database=evidence_api",
        "aftersales.security.admin-password=evidence-admin-password",
        "aftersales.evidence.dir=target/evidence-test/${random.uuid}",
        "aftersales.evidence.max-file-size=1MB",
        "aftersales.evidence.max-files-per-case=4",
        "aftersales.evidence.max-total-per-case=2MB"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class EvidenceApiTest {

    private static final RequestPostProcessor SYSTEM = user("crm").roles("SYSTEM");
    private static final RequestPostProcessor MANAGER = user("qm.zhang").roles("QUALITY_MANAGER");
    private static final RequestPostProcessor ANALYST = user("analyst.li").roles("ANALYST");
    private static final RequestPostProcessor AUDITOR = user("auditor.wu").roles("AUDITOR");
    private static final RequestPostProcessor ADMIN = user("admin.chen").roles("ADMIN");

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EvidenceProperties settings;
    @Autowired
    MonthlyReports reports;
    @LocalServerPort
    int port;

    @Test
    @DisplayName("A photo is attached by a system, listed with who, when, SHA-256, size and type, downloaded as an attachment")
    void attachListDownload() throws Exception {
        long id = register("2026-11-20T09:30:00+08:00");
        byte[] jpeg = jpeg(640, 480);
        JsonNode attached = body(attach(id, SYSTEM, new MockMultipartFile("file", "misfire site/../photo 1.JPG", "application/octet-stream", jpeg),
                "三个炮孔拒爆的现场照片 Misfired holes")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", containsString("/api/cases/" + id + "/evidence/")))
                .andExpect(jsonPath("$.mediaType").value("image/jpeg"))
                .andExpect(jsonPath("$.fileName").value("photo 1.jpg"))
                .andExpect(jsonPath("$.attachedBy").value("crm"))
                .andExpect(jsonPath("$.size").value(jpeg.length))
                .andExpect(jsonPath("$.sha256").value(sha256(jpeg)))
                .andExpect(jsonPath("$.thumbnail").value(true))
                .andExpect(jsonPath("$.status").value("ATTACHED")));
        long evidenceId = attached.get("id").asLong();

        mvc.perform(get("/api/cases/" + id + "/evidence").with(AUDITOR)).andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].description").value("三个炮孔拒爆的现场照片 Misfired holes"))
                .andExpect(jsonPath("$[0].attachedAt").exists())
                .andExpect(jsonPath("$[0].storageKey").doesNotExist());
        var download = mvc.perform(get("/api/cases/" + id + "/evidence/" + evidenceId + "/content").with(ANALYST))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/jpeg"))
                .andExpect(header().string("Content-Disposition", containsString("attachment")))
                .andExpect(header().string("Content-Disposition", containsString("photo 1.jpg")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Security-Policy", containsString("sandbox")))
                .andReturn().getResponse();
        assertThat(download.getContentAsByteArray()).isEqualTo(jpeg);
        byte[] thumbnail = mvc.perform(get("/api/cases/" + id + "/evidence/" + evidenceId + "/thumbnail").with(AUDITOR))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", "image/png"))
                .andReturn().getResponse().getContentAsByteArray();
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(thumbnail));
        assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isEqualTo(settings.thumbnailSize());
        mvc.perform(get("/api/cases/" + id + "/evidence/999999").with(AUDITOR)).andExpect(status().isNotFound());
        mvc.perform(get("/api/cases/999999/evidence").with(AUDITOR)).andExpect(status().isNotFound());
    }

    @Test
    @DisplayName("Each allowed type is detected from the bytes, whatever the sender says; names without an extension get one")
    void allowedTypes() throws Exception {
        long id = register("2026-11-20T09:30:00+08:00");
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            workbook.createSheet("回收").createRow(0).createCell(0).setCellValue("B2026-0601-03");
            workbook.write(xlsx);
        }
        attach(id, MANAGER, new MockMultipartFile("file", "returned.xlsx", "text/plain", xlsx.toByteArray()), "returned goods")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.mediaType").value(FileTypes.XLSX));
        attach(id, MANAGER, new MockMultipartFile("file", "result-form", "image/png", pdf("结果单 result form")), "signed result form")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.mediaType").value("application/pdf"))
                .andExpect(jsonPath("$.fileName").value("result-form.pdf"));
        attach(id, MANAGER, new MockMultipartFile("file", "report.txt", "text/html", "现场报告：三孔拒爆。\nSite report.".getBytes(StandardCharsets.UTF_8)), "report")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.mediaType").value("text/plain"));
        mvc.perform(get("/api/cases/" + id + "/evidence/" + lastEvidence(id) + "/content").with(AUDITOR))
                .andExpect(header().string("Content-Type", "text/plain;charset=UTF-8"))
                .andExpect(header().string("Content-Disposition", containsString("attachment")));
    }

    @Test
    @DisplayName("HTML and SVG named as photos, markup in text, executables, archives and names that lie are refused (415), nothing kept")
    void hostileFilesRefused() throws Exception {
        long id = register("2026-11-20T09:30:00+08:00");
        Map<String, byte[]> hostile = new HashMap<>();
        hostile.put("photo.jpg", "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>".getBytes(StandardCharsets.UTF_8));
        hostile.put("site.jpg", """
                <?xml version="1.0" encoding="UTF-8"?>
                <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>""".getBytes(StandardCharsets.UTF_8));
        hostile.put("drawing.png", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8));
        hostile.put("notes.txt", "Site notes, nothing odd here\n\n\n<iframe src=//evil.example></iframe>".getBytes(StandardCharsets.UTF_8));
        hostile.put("photo2.jpg", "just some words".getBytes(StandardCharsets.UTF_8));
        hostile.put("setup.pdf", executable());
        hostile.put("photos.zip", zipOf("a.txt", "hello"));
        for (Map.Entry<String, byte[]> file : hostile.entrySet()) {
            attach(id, SYSTEM, new MockMultipartFile("file", file.getKey(), "image/jpeg", file.getValue()), "hostile " + file.getKey())
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                    .andExpect(jsonPath("$.errors[0].field").value("file"));
        }
        attach(id, SYSTEM, new MockMultipartFile("file", "photo.jpg", "image/jpeg", hostile.get("photo.jpg")), "x", "zh-CN")
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.title").value("不保存此类文件"))
                .andExpect(jsonPath("$.detail").value(containsString("text/html")));
        mvc.perform(get("/api/cases/" + id + "/evidence").with(AUDITOR)).andExpect(jsonPath("$", hasSize(0)));
        assertThat(stored()).as("no file kept, no staged file left").isEmpty();
    }

    @Test
    @DisplayName("Size and count limits: a file over the limit is 413, a full case 409; bad fields are named (400)")
    void limits() throws Exception {
        long id = register("2026-11-20T09:30:00+08:00");
        byte[] big = new byte[(1 << 20) + 1];
        System.arraycopy("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 9);
        attach(id, SYSTEM, new MockMultipartFile("file", "big.pdf", "application/pdf", big), "too big")
                .andExpect(status().isPayloadTooLarge()).andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.detail").value(containsString("1 MB")));
        attach(id, SYSTEM, new MockMultipartFile("file", "a.png", "image/png", png(20, 20)), "  ")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("description"));
        mvc.perform(multipart("/api/cases/" + id + "/evidence").with(SYSTEM).param("description", "no file"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("file"));
        attach(id, SYSTEM, new MockMultipartFile("file", "empty.png", "image/png", new byte[0]), "empty")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("file"));
        mvc.perform(multipart("/api/cases/" + id + "/evidence").file(new MockMultipartFile("file", "a.png", "image/png", png(20, 20)))
                        .param("description", "for another case's event").param("eventId", "987654").with(SYSTEM))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("eventId"));
        for (int i = 0; i < 4; i++) {
            attach(id, SYSTEM, new MockMultipartFile("file", "p" + i + ".png", "image/png", png(30 + i, 30)), "photo " + i)
                    .andExpect(status().isCreated());
        }
        attach(id, SYSTEM, new MockMultipartFile("file", "p5.png", "image/png", png(40, 40)), "one too many")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.detail").value(containsString("4 files")));
        long other = register("2026-11-20T09:30:00+08:00");
        byte[] almost = new byte[900 * 1024];
        System.arraycopy("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), 0, almost, 0, 9);
        attach(other, SYSTEM, new MockMultipartFile("file", "a.pdf", "application/pdf", almost), "a").andExpect(status().isCreated());
        attach(other, SYSTEM, new MockMultipartFile("file", "b.pdf", "application/pdf", almost), "b").andExpect(status().isCreated());
        attach(other, SYSTEM, new MockMultipartFile("file", "c.pdf", "application/pdf", almost), "c")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.detail").value(containsString("2 MB")));
        mvc.perform(get("/api/cases/" + other + "/evidence").with(AUDITOR)).andExpect(jsonPath("$", hasSize(2)));
    }

    @Test
    @DisplayName("A photo whose header declares a huge size (a decompression bomb) is kept without a thumbnail, without being decoded")
    void decompressionBomb() throws Exception {
        long id = register("2026-11-20T09:30:00+08:00");
        long started = System.nanoTime();
        attach(id, SYSTEM, new MockMultipartFile("file", "bomb.png", "image/png", pngHeaderOnly(100_000, 100_000)), "bomb")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.thumbnail").value(false));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
    }

    @Test
    @DisplayName("A stored file changed or missing is never served: the read is refused with a clear error (and so is the ZIP)")
    void tamperedFileRefused() throws Exception {
        long id = register("2026-11-20T09:30:00+08:00");
        byte[] png = png(64, 64);
        long evidenceId = body(attach(id, SYSTEM, new MockMultipartFile("file", "a.png", "image/png", png), "photo")
                .andExpect(status().isCreated())).get("id").asLong();
        Path file = settings.dir().resolve(jdbc.sql("select storage_key from evidence where id = ?").param(evidenceId)
                .query(String.class).single());
        byte[] changed = png.clone();
        changed[changed.length - 20] ^= 0x55;
        Files.write(file, changed);
        mvc.perform(get("/api/cases/" + id + "/evidence/" + evidenceId + "/content").with(AUDITOR))
                .andExpect(status().isInternalServerError())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(header().doesNotExist("Content-Disposition"))
                .andExpect(jsonPath("$.type").value("/problems/evidence-damaged"))
                .andExpect(jsonPath("$.detail").value(containsString("SHA-256")))
                .andExpect(jsonPath("$.detail").value(containsString(sha256(png))));
        mvc.perform(get("/api/cases/" + id + "/dossier.zip").with(AUDITOR)).andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.title").value("Stored file damaged"));
        Files.write(file, java.util.Arrays.copyOf(png, png.length - 1));
        mvc.perform(get("/api/cases/" + id + "/evidence/" + evidenceId + "/content").with(AUDITOR))
                .andExpect(status().isInternalServerError()).andExpect(jsonPath("$.detail").value(containsString("bytes")));
        Files.delete(file);
        mvc.perform(get("/api/cases/" + id + "/evidence/" + evidenceId + "/content").with(AUDITOR))
                .andExpect(status().isInternalServerError()).andExpect(jsonPath("$.detail").value(containsString("missing")));
    }

    @Test
    @DisplayName("Who may do what: analysts and auditors read but never attach; managers remove (recorded, bytes kept); administrators purge")
    void rolesRemovalAndPurge() throws Exception {
        long id = register("2026-11-20T09:30:00+08:00");
        MockMultipartFile photo = new MockMultipartFile("file", "a.png", "image/png", png(50, 50));
        attach(id, ANALYST, photo, "analyst").andExpect(status().isForbidden());
        attach(id, AUDITOR, photo, "auditor").andExpect(status().isForbidden());
        long evidenceId = body(attach(id, MANAGER, photo, "manager").andExpect(status().isCreated())).get("id").asLong();
        String removal = "/api/cases/" + id + "/evidence/" + evidenceId + "/removal";
        String purge = "/api/cases/" + id + "/evidence/" + evidenceId + "/purge";
        mvc.perform(post(removal).with(SYSTEM).contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"x\"}")).andExpect(status().isForbidden());
        mvc.perform(post(removal).with(MANAGER).contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(post(removal).with(MANAGER).contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"照片属于另一案件 wrong case\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("REMOVED"))
                .andExpect(jsonPath("$.removal.by").value("qm.zhang"))
                .andExpect(jsonPath("$.removal.reason").value("照片属于另一案件 wrong case"));
        mvc.perform(post(removal).with(MANAGER).contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"again\"}"))
                .andExpect(status().isConflict());
        // removed: still listed and kept for the audit
        mvc.perform(get("/api/cases/" + id + "/evidence/" + evidenceId + "/content").with(AUDITOR)).andExpect(status().isOk());
        mvc.perform(post(purge).with(MANAGER).contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"x\"}")).andExpect(status().isForbidden());
        Path file = settings.dir().resolve(jdbc.sql("select storage_key from evidence where id = ?").param(evidenceId).query(String.class).single());
        assertThat(file).exists();
        mvc.perform(post(purge).with(ADMIN).contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"含客户身份证照片 personal data\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("PURGED"))
                .andExpect(jsonPath("$.purge.by").value("admin.chen"))
                .andExpect(jsonPath("$.sha256").exists());
        assertThat(file).doesNotExist();
        mvc.perform(get("/api/cases/" + id + "/evidence/" + evidenceId + "/content").with(AUDITOR))
                .andExpect(status().isGone()).andExpect(jsonPath("$.detail").value(containsString("personal data")));
        assertThat(jdbc.sql("select count(*) from evidence_event where evidence_id = ?").param(evidenceId).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    @DisplayName("A role that may not attach is refused (403) before the body is read: the server answers while most of it was never sent")
    void refusedBeforeTheBodyIsRead() throws Exception {
        long id = register("2026-11-20T09:30:00+08:00");
        String analystKey = apiKey("ANALYST");
        String systemKey = apiKey("SYSTEM");
        assertThat(partialUpload(id, analystKey)).as("the analyst's upload is answered at once").startsWith("HTTP/1.1 403");
        assertThat(partialUpload(id, systemKey)).as("a system's upload is read to its end: no answer while it is incomplete")
                .isEqualTo("(no answer)");
    }

    @Test
    @DisplayName("The dossier of the README's example case: a PDF read back with PDFBox — facts, decisions with both reasons, ruleset, events, evidence checksums — and a ZIP")
    void dossierOfTheExampleCase() throws Exception {
        String example = Files.readString(Path.of("docs/examples/case.json"));
        ObjectNode data = (ObjectNode) json.readTree(example);
        String ref = "CRM-2026-000123-" + UUID.randomUUID().toString().substring(0, 6);
        data.put("externalRef", ref);
        JsonNode created = body(mvc.perform(post("/api/cases").with(SYSTEM).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(data))).andExpect(status().isCreated()));
        long id = created.get("caseId").asLong();
        JsonNode event = body(mvc.perform(post("/api/cases/" + id + "/events").with(MANAGER).contentType(MediaType.APPLICATION_JSON)
                .content("{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2026-11-20T20:00:00+08:00\"}")).andExpect(status().isCreated()));
        byte[] jpeg = jpeg(320, 200);
        attach(id, MANAGER, jpeg, "拒爆药卷照片", event.get("id").asLong()).andExpect(status().isCreated());

        byte[] pdf = mvc.perform(get("/api/cases/" + id + "/dossier.pdf").with(AUDITOR)).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"))
                .andExpect(header().string("Content-Disposition", containsString("attachment")))
                .andReturn().getResponse().getContentAsByteArray();
        Files.write(Path.of("target/dossier-example.pdf"), pdf); // for a person to look at
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            text = squeeze(new PDFTextStripper().getText(doc));
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(1);
        }
        assertThat(pdf.length).as("the font is embedded as a subset, not whole (the font file is megabytes)").isLessThan(400_000);
        assertThat(text).contains(squeeze("案件档案 Case dossier")).contains(ref).contains("Xiangtan").contains("B2026-0601-03")
                .contains(squeeze("¥25,000")).contains(squeeze("拒爆药卷照片")).contains(sha256(jpeg))
                .contains(created.at("/evaluation/rulesetVersion").asString());
        for (JsonNode decision : created.at("/evaluation/decisions")) {
            assertThat(text).as("decision " + decision.get("type")).contains(decision.get("type").asString())
                    .contains(squeeze(decision.at("/reasons/zh").asString()))
                    .contains(squeeze(decision.at("/reasons/en").asString()));
            if (!decision.get("source").isNull()) assertThat(text).contains(squeeze(decision.get("source").asString()));
        }
        assertThat(text).contains("ON_SITE_ARRIVAL").contains("qm.zhang");

        byte[] zip = mvc.perform(get("/api/cases/" + id + "/dossier.zip").with(ANALYST)).andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", containsString("attachment")))
                .andReturn().getResponse().getContentAsByteArray();
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
        }
        assertThat(entries.keySet()).anyMatch(n -> n.endsWith(".pdf")).contains("evidence/SHA256SUMS");
        assertThat(entries.entrySet()).anyMatch(e -> e.getKey().startsWith("evidence/") && java.util.Arrays.equals(e.getValue(), jpeg));
        assertThat(new String(entries.get("evidence/SHA256SUMS"), StandardCharsets.UTF_8)).contains(sha256(jpeg));
    }

    @Test
    @DisplayName("The monthly summary counts result forms received with their scan attached and those still missing one")
    void monthlyResultFormScans() throws Exception {
        long[] cases = {register("2023-03-06T09:30:00+08:00"), register("2023-03-07T09:30:00+08:00"), register("2023-03-08T09:30:00+08:00")};
        long[] forms = new long[2];
        for (int i = 0; i < 2; i++) {
            forms[i] = body(mvc.perform(post("/api/cases/" + cases[i] + "/events").with(MANAGER).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"type\":\"RESULT_FORM_RECEIVED\",\"occurredAt\":\"2023-03-10T10:00:00+08:00\",\"customerSigned\":true}"))
                    .andExpect(status().isCreated())).get("id").asLong();
        }
        MonthlySummary.ResultForms before = reports.summary(YearMonth.of(2023, 3)).resultForms();
        assertThat(before).isEqualTo(new MonthlySummary.ResultForms(2, 0, 2));
        attach(cases[0], MANAGER, pdf("处理结果单 signed"), "客户签字的处理结果单扫描件", forms[0]).andExpect(status().isCreated());
        // a file on the case but not on the result form event is not its scan
        attach(cases[1], MANAGER, pdf("other"), "another document", null).andExpect(status().isCreated());
        assertThat(reports.summary(YearMonth.of(2023, 3)).resultForms()).isEqualTo(new MonthlySummary.ResultForms(2, 1, 1));
        mvc.perform(get("/api/reports/monthly/2023-03").with(AUDITOR)).andExpect(status().isOk())
                .andExpect(jsonPath("$.resultForms.withScan").value(1)).andExpect(jsonPath("$.resultForms.missingScan").value(1));
    }

    // ---- helpers

    private long register(String receivedAt) throws Exception {
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", "EVD-" + UUID.randomUUID());
        data.put("receivedAt", receivedAt);
        data.put("productionDate", java.time.OffsetDateTime.parse(receivedAt).toLocalDate().minusMonths(1).toString());
        ((ObjectNode) data.get("product")).put("code", "EVD-" + UUID.randomUUID().toString().substring(0, 8));
        return body(mvc.perform(post("/api/cases").with(SYSTEM).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(data))).andExpect(status().isCreated())).get("caseId").asLong();
    }

    private ResultActions attach(long caseId, RequestPostProcessor who, MockMultipartFile file, String description) throws Exception {
        return attach(caseId, who, file, description, "en");
    }

    private ResultActions attach(long caseId, RequestPostProcessor who, MockMultipartFile file, String description,
                                 String language) throws Exception {
        return mvc.perform(multipart("/api/cases/" + caseId + "/evidence").file(file).param("description", description)
                .header("Accept-Language", language).with(who));
    }

    private ResultActions attach(long caseId, RequestPostProcessor who, byte[] bytes, String description, Long eventId) throws Exception {
        var request = multipart("/api/cases/" + caseId + "/evidence").file(new MockMultipartFile("file", "scan", "application/octet-stream", bytes))
                .param("description", description).with(who);
        if (eventId != null) request.param("eventId", String.valueOf(eventId));
        return mvc.perform(request);
    }

    private long lastEvidence(long caseId) {
        return jdbc.sql("select max(id) from evidence where case_id = ?").param(caseId).query(Long.class).single();
    }

    private JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    /** Files in the store other than the ones the database names (the staged area included). */
    private java.util.List<Path> stored() throws Exception {
        java.util.Set<String> named = new java.util.HashSet<>(jdbc.sql("select storage_key from evidence").query(String.class).list());
        if (!Files.isDirectory(settings.dir())) return java.util.List.of();
        try (var files = Files.walk(settings.dir())) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !named.contains(settings.dir().relativize(f).toString().replace('\\', '/'))).toList();
        }
    }

    private String apiKey(String role) throws Exception {
        return body(mvc.perform(post("/api/admin/api-keys").with(httpBasic("admin", "evidence-admin-password"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"evd-" + UUID.randomUUID().toString().substring(0, 8) + "\", \"roles\": [\"" + role + "\"]}"))
                .andExpect(status().isCreated())).get("secret").asString();
    }

    /**
     * Starts an upload declaring 5 MB (within every size limit) and sends only its first 64 KB, then waits up to 3 s for an answer: the status
     * line, or "(no answer)" when the server is still waiting for the body.
     */
    private String partialUpload(long caseId, String key) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            String head = "POST /api/cases/" + caseId + "/evidence HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                    + "\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 5242880\r\n\r\n"
                    + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                StringBuilder line = new StringBuilder();
                for (int c; (c = in.read()) >= 0 && c != '\r'; ) line.append((char) c);
                return line.length() == 0 ? "(closed)" : line.toString();
            } catch (SocketTimeoutException e) {
                return "(no answer)";
            }
        }
    }

    private static String squeeze(String text) {
        return text.replaceAll("\\s+", "");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] jpeg(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x123456);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static byte[] pdf(String words) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.getDocumentInformation().setTitle(words);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A PNG whose header declares width × height and whose data is a few bytes: decoding it would need gigabytes. */
    static byte[] pngHeaderOnly(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 2, 0, 0, 0});
        chunk(data, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] idat = new byte[2048];
        int n = deflater.deflate(idat);
        chunk(data, "IDAT", java.util.Arrays.copyOf(idat, n));
        chunk(data, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws Exception {
        out.writeInt(body.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }

    /** The start of a Windows executable (MZ header, PE signature). */
    static byte[] executable() {
        byte[] exe = new byte[512];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3C] = (byte) 0x80;
        exe[0x80] = 'P';
        exe[0x81] = 'E';
        return exe;
    }

    static byte[] zipOf(String name, String content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
