package com.example.aftersales.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.fontbox.ttf.TTFParser;
import org.springframework.stereotype.Service;

import com.example.aftersales.followup.FollowupProperties;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.cases.CaseViews.CaseHistory;
import com.example.aftersales.cases.CaseViews.EvaluationView;
import com.example.aftersales.followup.CaseEvent;
import com.example.aftersales.followup.CaseEventService;
import com.example.aftersales.followup.EventRequest;
import com.example.aftersales.followup.RectificationOrders;
import com.example.aftersales.glossary.Glossary;
import com.example.aftersales.policy.facts.Amounts;
import com.example.aftersales.policy.facts.Decision;

/**
 * The dossier of a case for the archive (P19): one PDF with the facts, every evaluation with its decisions (reasons in
 * Chinese and English, rule, source, clause) and ruleset version, the events with who and when, the rectification
 * orders the case belongs to and whether its notice was circulated, and the list of evidence with checksums; and a ZIP
 * of that PDF with the evidence files (each checked against its checksum while it is written) and a SHA256SUMS list.
 * The PDF embeds a subset of a TrueType CJK font ({@code aftersales.evidence.font-file}), so that Chinese is text
 * that reads back, not pictures.
 */
@Service
public class Dossiers {

    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    private static final Locale EN = Locale.ENGLISH;

    private final CaseService cases;
    private final CaseEventService events;
    private final RectificationOrders orders;
    private final EvidenceService evidence;
    private final EvidenceProperties settings;
    private final Clock clock;
    private final ZoneId zone;

    Dossiers(CaseService cases, CaseEventService events, RectificationOrders orders, EvidenceService evidence,
             EvidenceProperties settings, Clock clock, FollowupProperties followup) {
        this.cases = cases;
        this.events = events;
        this.orders = orders;
        this.evidence = evidence;
        this.settings = settings;
        this.clock = clock;
        this.zone = followup.zone();
    }

    /** The name the dossier is saved under: the case's reference (sanitised) or its id. */
    public String fileName(long caseId, String extension) {
        CaseHistory history = cases.find(caseId);
        String ref = history.caseData().externalRef() == null ? "case-" + caseId
                : history.caseData().externalRef().replaceAll("[^A-Za-z0-9._-]", "_");
        return "dossier-" + ref + "." + extension;
    }

    /** Writes the dossier PDF of the case to {@code out}. */
    public void pdf(long caseId, OutputStream out) throws IOException {
        CaseHistory history = cases.find(caseId);
        List<CaseEvent> caseEvents = events.list(caseId);
        List<Evidence> files = evidence.list(caseId);
        List<RectificationOrders.Order> caseOrders = orders.ofCase(caseId);
        Path fontFile = settings.fontFile();
        if (!Files.isReadable(fontFile)) {
            throw new EvidenceExceptions.FontMissing(fontFile);
        }
        try (PDDocument doc = new PDDocument(); FontSource source = FontSource.open(fontFile)) {
            PDType0Font font = PDType0Font.load(doc, source.font, true);
            CaseData c = history.caseData();
            String ref = c.externalRef() == null ? "#" + caseId : c.externalRef();
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("案件档案 Case dossier " + ref);
            info.setSubject("Aftersales Decision Service");
            info.setCreator("Aftersales Decision Service");
            try (PdfText pdf = new PdfText(doc, font, "案件档案 Case dossier " + ref + " · " + time(OffsetDateTime.now(clock)))) {
                write(pdf, caseId, history, caseEvents, files, caseOrders);
            }
            doc.save(out);
        }
    }

    /** Checks every file kept against its checksum: a damaged one refuses the whole archive, in words. */
    public void verify(long caseId) throws IOException {
        for (Evidence e : evidence.list(caseId)) {
            if (!e.purged()) {
                try (InputStream in = evidence.open(e)) {
                    // opened = verified
                }
            }
        }
    }

    /** Writes the ZIP: the PDF, the evidence files still kept (each checked), and SHA256SUMS of the files. */
    public void zip(long caseId, OutputStream out) throws IOException {
        List<Evidence> files = evidence.list(caseId);
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.putNextEntry(new ZipEntry(fileName(caseId, "pdf")));
        pdf(caseId, new NonClosing(zip));
        zip.closeEntry();
        StringBuilder sums = new StringBuilder();
        for (Evidence e : files) {
            if (e.purged()) continue;
            String name = "evidence/" + e.id() + "-" + e.fileName();
            zip.putNextEntry(new ZipEntry(name));
            try (InputStream in = evidence.open(e)) {
                in.transferTo(zip);
            }
            zip.closeEntry();
            sums.append(e.sha256()).append("  ").append(name).append('\n');
        }
        zip.putNextEntry(new ZipEntry("evidence/SHA256SUMS"));
        zip.write(sums.toString().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    private void write(PdfText pdf, long caseId, CaseHistory history, List<CaseEvent> caseEvents, List<Evidence> files,
                       List<RectificationOrders.Order> caseOrders) throws IOException {
        CaseData c = history.caseData();
        pdf.title("案件档案 Case dossier · " + (c.externalRef() == null ? "#" + caseId : c.externalRef()));
        pdf.line("案件编号 Case id: " + caseId + " · 生成于 Generated at: " + time(OffsetDateTime.now(clock))
                + " · 记录人 Recorded by: " + nz(history.recordedBy()));

        pdf.heading("一、案件事实 Facts");
        pdf.field("外部编号 External reference", c.externalRef());
        pdf.field("收到时间 Received at", time(c.receivedAt()));
        pdf.field("渠道 Channel", both(Glossary.CHANNELS, c.channel()));
        if (c.customer() != null) {
            pdf.field("客户 Customer", c.customer().name() + " · " + both(Glossary.PROVINCES, c.customer().province())
                    + (c.customer().contact() == null ? "" : " · " + c.customer().contact()));
        }
        if (c.responsibleUnit() != null) {
            pdf.field("责任单位 Responsible unit", both(Glossary.UNITS, c.responsibleUnit().code()) + " · "
                    + both(Glossary.PROVINCES, c.responsibleUnit().province()));
        }
        if (c.product() != null) {
            pdf.field("产品 Product", c.product().code() + " " + nz(c.product().name()) + " · "
                    + both(Glossary.PRODUCT_CATEGORIES, c.product().category()) + " · " + nz(c.product().spec())
                    + (Boolean.TRUE.equals(c.product().regulated()) ? " · 民爆监管 regulated" : ""));
        }
        pdf.field("批号 Batch", c.batchNumber());
        pdf.field("生产日期 Production date", c.productionDate());
        pdf.field("生产点 Production site", c.productionSite());
        pdf.field("数量 Quantity", c.quantity());
        if (c.problem() != null) {
            pdf.field("问题 Problem", both(Glossary.PROBLEM_CATEGORIES, c.problem().category())
                    + (c.problem().description() == null ? "" : ": " + c.problem().description()));
        }
        pdf.field("可远程答复 Remote reply possible", yesNo(c.remoteReplyPossible()));
        CaseData.Findings f = c.findings();
        if (f != null) {
            pdf.subheading("调查结论 Findings");
            pdf.field("原因 Cause", both(Glossary.CAUSES, f.cause()));
            pdf.field("可修复 Repairable", yesNo(f.repairable()));
            pdf.field("现场有问题产品 Problem product on site", yesNo(f.problemProductOnSite()));
            pdf.field("直接损失 Direct loss", money(f.directLossCny()));
            pdf.field("要求赔偿 Compensation claimed", yesNo(f.compensationClaimed()));
            pdf.field("处理金额 Remedy value", money(f.remedyValueCny()));
            pdf.field("派出人数 Staff dispatched", f.staffDispatched());
            pdf.field("典型问题 Representative", yesNo(f.representative()));
        }

        pdf.heading("二、评估与决定 Evaluations and decisions");
        int n = 0;
        for (EvaluationView e : history.evaluations()) {
            n++;
            pdf.subheading("评估 Evaluation " + n + " (#" + e.id() + ") · " + time(e.evaluatedAt()));
            pdf.field("规则集版本 Ruleset version", e.rulesetVersion());
            pdf.field("基准时间 Reference time", time(e.referenceTime()));
            pdf.field("先前确认缺陷 Prior confirmed defects", e.priorDefects() == null ? 0 : e.priorDefects().size());
            for (Decision d : e.decisions()) {
                pdf.line("• " + Glossary.decisionType(d.type(), ZH) + " " + d.type() + " = "
                        + Glossary.decisionValue(d.type(), d.value(), ZH) + " (" + d.value() + ") · 条款 clause "
                        + nz(d.clause()));
                pdf.indented("理由：" + nz(d.reasonIn(ZH)));
                pdf.indented("Reason: " + nz(d.reasonIn(EN)));
                pdf.indented("规则 Rule: " + nz(d.rule()) + " · 来源 Source: " + nz(d.source()));
            }
            if (e.firedRules() != null && !e.firedRules().isEmpty()) {
                pdf.indented("触发的规则 Fired rules: " + e.firedRules().size());
            }
        }

        pdf.heading("三、事件 Events");
        if (caseEvents.isEmpty()) pdf.line("无 None");
        for (CaseEvent e : caseEvents) {
            pdf.line(e.seq() + ". " + both(Glossary.EVENT_TYPES, e.type()) + " · 发生 occurred " + time(e.occurredAt())
                    + " · 记录 recorded " + time(e.recordedAt()) + " · " + e.recordedBy());
            if (e.customerSigned() != null) pdf.indented("客户签字 Customer signed: " + yesNo(e.customerSigned()));
            if (e.lines() != null) {
                for (EventRequest.ResultLine l : e.lines()) {
                    pdf.indented(both(Glossary.DISPOSITIONS, l.disposition()) + " · " + l.productCode() + " × "
                            + l.quantity() + " · " + nz(l.reason()));
                }
            }
            if (e.satisfied() != null) pdf.indented("满意 Satisfied: " + yesNo(e.satisfied()));
            if (e.remarks() != null) pdf.indented("备注 Remarks: " + e.remarks());
            if (e.orderId() != null) pdf.indented("整改通知单 Rectification order #" + e.orderId());
            if (e.evaluationId() != null) pdf.indented("评估 Evaluation #" + e.evaluationId());
            if (e.archiveYear() != null) pdf.indented("归档年度 Archive year: " + e.archiveYear());
        }

        pdf.heading("四、整改通知单与通报 Rectification orders and notice");
        if (caseOrders.isEmpty()) pdf.line("本案不属于任何整改通知单 The case belongs to no rectification order.");
        for (RectificationOrders.Order o : caseOrders) {
            pdf.line("整改通知单 Order #" + o.id() + " · " + both(Glossary.DECISION_VALUES + "RECTIFICATION_ORDER", o.reason())
                    + " · " + both(Glossary.ORDER_STATUSES, o.status().name()) + " · " + nz(o.productCode()) + " "
                    + both(Glossary.PROBLEM_CATEGORIES, o.problemCategory()) + " · " + o.caseCount() + " 案件 cases");
            pdf.indented("开立 Opened " + time(o.openedAt())
                    + (o.issuedAt() == null ? "" : " · 下发 issued " + time(o.issuedAt()) + " " + nz(o.issuedBy()))
                    + (o.closedAt() == null ? "" : " · 关闭 closed " + time(o.closedAt()) + " " + nz(o.closedBy())));
        }
        boolean noticeRequired = !history.evaluations().isEmpty() && history.evaluations().get(history.evaluations().size() - 1)
                .decisions().stream().anyMatch(d -> d.type().equals("NOTICE_CIRCULATION"));
        CaseEvent circulated = caseEvents.stream().filter(e -> e.type().equals("NOTICE_CIRCULATED")).findFirst().orElse(null);
        pdf.line("质量通报 Notice (P20): " + (noticeRequired ? "需要 required" : "不需要 not required")
                + (circulated == null ? (noticeRequired ? " · 尚未通报 not yet circulated" : "")
                : " · 已通报 circulated " + time(circulated.occurredAt()) + " " + circulated.recordedBy()));

        pdf.heading("五、证据 Evidence");
        if (files.isEmpty()) pdf.line("无 None");
        for (Evidence e : files) {
            pdf.line(e.id() + ". " + e.fileName() + " · " + e.mediaType() + " · " + e.size() + " bytes · "
                    + status(e.status()));
            pdf.indented("SHA-256: " + e.sha256());
            pdf.indented("附加 Attached " + time(e.attachedAt()) + " · " + e.attachedBy()
                    + (e.eventId() == null ? "" : " · 事件 event #" + e.eventId()));
            pdf.indented("说明 Description: " + e.description());
            if (e.removal() != null) {
                pdf.indented("移除 Removed " + time(e.removal().at()) + " · " + e.removal().by() + " · " + e.removal().reason());
            }
            if (e.purge() != null) {
                pdf.indented("清除 Purged " + time(e.purge().at()) + " · " + e.purge().by() + " · " + e.purge().reason());
            }
        }
    }

    private static String status(String status) {
        return switch (status) {
            case "REMOVED" -> "已移除（文件保留）removed (bytes kept)";
            case "PURGED" -> "已清除 purged";
            default -> "在案 attached";
        };
    }

    private String time(OffsetDateTime at) {
        return at == null ? "" : at.atZoneSameInstant(zone).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                + " (" + zone.getId() + ")";
    }

    private static String both(String codeSet, String code) {
        if (code == null) return "";
        String zh = Glossary.label(codeSet, code, ZH);
        return zh.equals(code) ? code : zh + " " + code;
    }

    private static String yesNo(Boolean value) {
        return value == null ? null : value ? "是 yes" : "否 no";
    }

    private static String money(java.math.BigDecimal cny) {
        return cny == null ? null : Amounts.zh(cny) + " / " + Amounts.en(cny);
    }

    private static String nz(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    /** The font of the dossier: a .ttf, or the first font of a .ttc collection; open while the PDF is written. */
    private static final class FontSource implements AutoCloseable {
        final TrueTypeFont font;
        private final TrueTypeCollection collection;

        private FontSource(TrueTypeFont font, TrueTypeCollection collection) {
            this.font = font;
            this.collection = collection;
        }

        static FontSource open(Path file) throws IOException {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
                TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
                TrueTypeFont[] first = new TrueTypeFont[1];
                collection.processAllFonts(f -> {
                    if (first[0] == null) first[0] = f;
                });
                return new FontSource(first[0], collection);
            }
            return new FontSource(new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile())), null);
        }

        @Override
        public void close() throws IOException {
            if (collection != null) collection.close();
            else font.close();
        }
    }

    /** The ZIP's stream, left open when the PDF writer closes what it was given. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
