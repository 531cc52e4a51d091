package com.example.aftersales.contract;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The pages a problem's {@code type} leads to: {@code /problems/invalid-request} and the others the API answers with,
 * each saying in Chinese and English what the problem means and what to do. Open to anyone (they are documentation),
 * static text, no script or style (the console's CSP holds). Not part of the API document itself.
 */
@Hidden
@RestController
class ProblemTypes {

    record Type(int status, String zhTitle, String enTitle, String zh, String en) {
    }

    /** Every problem type the API answers with (besides about:blank, where the status says it all). */
    static final Map<String, Type> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("invalid-request", new Type(400, "请求无效", "Invalid request",
                "请求体、参数、请求头或地址不是此操作所接收的：errors 逐项列出每个无效字段（字段名和原因）；detail 说明其余问题（例如 JSON 在第几行第几列出错、Content-Type 不是媒体类型、multipart 缺少 boundary）。没有记录任何内容：改正后重新发送。",
                "The body, a parameter, a header or the address is not what the operation takes: errors lists every invalid field "
                        + "(its name and what is wrong); detail says the rest (where a JSON body breaks, a Content-Type that is not a "
                        + "media type, a multipart body without its boundary). Nothing was recorded: correct it and send it again."));
        TYPES.put("unauthenticated", new Type(401, "需要身份验证", "Authentication needed",
                "请求没有带有效的 API 密钥（X-API-Key）或用户名和密码（HTTP Basic）。",
                "The request carries no valid API key (X-API-Key) or user name and password (HTTP Basic)."));
        TYPES.put("invalid-api-key", new Type(401, "API 密钥无效", "Invalid API key",
                "X-API-Key 中的密钥未知或已被撤销：请管理员签发新的密钥。",
                "The key in X-API-Key is unknown or revoked: ask an administrator for a new one."));
        TYPES.put("forbidden", new Type(403, "无权操作", "Not allowed",
                "此密钥或登录没有可以执行此操作的角色；文档中每个操作都列出了它的角色（x-roles）。",
                "The key or login has no role that may do this; each operation of the document lists its roles (x-roles)."));
        TYPES.put("sign-in-locked", new Type(429, "登录已锁定", "Sign-in locked",
                "此用户名或此地址登录失败次数过多：在 Retry-After 秒后重试。API 密钥不受影响。",
                "Too many failed sign-ins with this user name or from this address: try again after Retry-After seconds. "
                        + "API keys are never locked."));
        TYPES.put("import-refused", new Type(400, "无法导入", "Cannot import",
                "文件无法导入（不是 CSV 或 XLSX、缺少必需的列、行数超过上限等）；detail 说明原因，没有导入任何行。",
                "The file cannot be imported (not CSV or XLSX, a required column missing, more rows than allowed); detail says "
                        + "why; no row was imported."));
        TYPES.put("import-running", new Type(409, "已有导入在进行", "An import is running",
                "每人同时只能运行一个导入任务：等它结束或取消它（DELETE /api/imports/{id}）。",
                "One running import per person: wait for it to end or cancel it (DELETE /api/imports/{id})."));
        TYPES.put("evidence-damaged", new Type(500, "证据文件已损坏", "Evidence file damaged",
                "存储的证据文件与附加时记录的 SHA-256 校验值不符，或已缺失：不会提供损坏的文件。detail 指明是哪个文件；请管理员从备份中恢复它（见 docs/EVIDENCE.md）。",
                "A stored evidence file no longer matches the SHA-256 recorded when it was attached, or is missing: a damaged "
                        + "file is never served. detail names the file; ask an administrator to restore it from a backup "
                        + "(docs/EVIDENCE.md)."));
        TYPES.put("import-not-found", new Type(404, "没有此导入任务", "No such import job",
                "没有此编号的导入任务。", "There is no import job with this id."));
    }

    @GetMapping(value = "/problems", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> index() {
        StringBuilder list = new StringBuilder("<ul>");
        TYPES.forEach((name, type) -> list.append("<li><a href=\"/problems/").append(name).append("\">").append(name)
                .append("</a> — ").append(type.status()).append(' ').append(html(type.zhTitle())).append(" / ")
                .append(html(type.enTitle())).append("</li>"));
        list.append("</ul>");
        return page("问题类型 / Problem types", "<p>API 的错误以 application/problem+json（RFC 9457）返回；type 指向下列页面之一。</p>"
                + "<p lang=\"en\">The API's errors are application/problem+json (RFC 9457); their type is one of these pages.</p>" + list);
    }

    @GetMapping(value = "/problems/{name}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> type(@PathVariable String name) {
        Type type = TYPES.get(name);
        if (type == null) {
            return page(HttpStatus.NOT_FOUND, "没有此问题类型 / No such problem type", "<p><a href=\"/problems\">/problems</a></p>");
        }
        return page(type.zhTitle() + " / " + type.enTitle(), "<p>HTTP " + type.status() + "</p><p>" + html(type.zh())
                + "</p><p lang=\"en\">" + html(type.en()) + "</p><p><a href=\"/problems\">/problems</a></p>");
    }

    private static ResponseEntity<String> page(String title, String body) {
        return page(HttpStatus.OK, title, body);
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + html(title) + "</title></head><body><main><h1>"
                        + html(title) + "</h1>" + body + "</main></body></html>");
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
