package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.ExampleCase;
import com.example.aftersales.SharedContext;
import com.example.aftersales.cases.CaseService;

/**
 * The case page's evidence section through MockMvc: loaded into the case page by htmx; a quality manager attaches a
 * photo (its thumbnail shown) and removes a file with a reason; a hostile file is refused in words in the section;
 * analysts see the files but no form and are refused when they post; downloads are attachments; the dossier links work.
 * On H2 alone: what the pages store goes through the evidence API, which {@code EvidenceApiTest} checks on both databases.
 */
@SharedContext
class EvidencePagesTest {

    private static final RequestPostProcessor MANAGER = user("qm.li").roles("QUALITY_MANAGER");
    private static final RequestPostProcessor ANALYST = user("analyst.wang").roles("ANALYST");

    @Autowired
    MockMvc mvc;
    @Autowired
    CaseService cases;
    @Autowired
    JsonMapper json;

    long register() throws Exception {
        return cases.register(ExampleCase.withReference(json, "EVP-"), "test").caseId();
    }

    static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    @DisplayName("A quality manager attaches a photo and removes a file in the case page's section; hostile files are refused in words")
    void attachAndRemove() throws Exception {
        long id = register();
        mvc.perform(get("/console/cases/" + id).with(MANAGER).header("Accept-Language", "en")).andExpect(status().isOk())
                .andExpect(content().string(containsString("hx-get=\"/console/cases/" + id + "/evidence\"")));
        mvc.perform(get("/console/cases/" + id + "/evidence").with(MANAGER).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("id=\"evidence-form\"")))
                .andExpect(content().string(containsString("尚无文件")));
        String section = mvc.perform(multipart("/console/cases/" + id + "/evidence")
                        .file(new MockMultipartFile("file", "现场.png", "image/png", png()))
                        .param("description", "拒爆现场 <script>alert(1)</script>").header("HX-Request", "true")
                        .header("Accept-Language", "en").with(csrf()).with(MANAGER))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(section).contains("id=\"evidence-flash\"").contains("现场.png").contains("class=\"evidence-thumb\"")
                .contains("拒爆现场 &lt;script&gt;").doesNotContain("<script>alert").contains("SHA-256 ");
        mvc.perform(multipart("/console/cases/" + id + "/evidence")
                        .file(new MockMultipartFile("file", "photo.jpg", "image/jpeg",
                                "<html><body onload=alert(1)>".getBytes(StandardCharsets.UTF_8)))
                        .param("description", "disguised").header("HX-Request", "true").header("Accept-Language", "en")
                        .with(csrf()).with(MANAGER))
                .andExpect(status().isOk()).andExpect(content().string(containsString("id=\"evidence-refusal\"")))
                .andExpect(content().string(containsString("text/html")));
        // without script: the refusal is the error page, with the API's status
        mvc.perform(multipart("/console/cases/" + id + "/evidence")
                        .file(new MockMultipartFile("file", "photo.jpg", "image/jpeg", "<svg/>".getBytes(StandardCharsets.UTF_8)))
                        .param("description", "disguised").header("Accept-Language", "en").with(csrf()).with(MANAGER))
                .andExpect(status().isUnsupportedMediaType()).andExpect(content().string(containsString("error-detail")));
        String file = section.replaceAll("(?s).*href=\"(/console/cases/" + id + "/evidence/\\d+/file)\".*", "$1");
        mvc.perform(get(file).with(ANALYST)).andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", containsString("attachment")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Security-Policy", containsString("sandbox")));
        String evidence = file.replace("/file", "");
        mvc.perform(post(evidence + "/removal").param("reason", "wrong photo").header("HX-Request", "true")
                        .header("Accept-Language", "en").with(csrf()).with(MANAGER))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Removed (kept for the audit)")))
                .andExpect(content().string(containsString("wrong photo")));
        mvc.perform(get(file).with(ANALYST)).andExpect(status().isOk()); // removed, still kept for the audit
        mvc.perform(get("/console/cases/" + id + "/evidence/999999/file").with(ANALYST).header("Accept-Language", "en"))
                .andExpect(status().isNotFound()).andExpect(content().string(containsString("error-detail")));
        mvc.perform(get("/console/cases/" + id + "/dossier.pdf").with(ANALYST)).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"));
    }

    @Test
    @DisplayName("Analysts see the files and the dossier links but no form, and are refused (403) when they post")
    void analystsRead() throws Exception {
        long id = register();
        mvc.perform(get("/console/cases/" + id + "/evidence").with(ANALYST)).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("evidence-form"))))
                .andExpect(content().string(containsString("dossier.pdf")));
        mvc.perform(multipart("/console/cases/" + id + "/evidence").file(new MockMultipartFile("file", "a.png", "image/png", png()))
                .param("description", "x").with(csrf()).with(ANALYST)).andExpect(status().isForbidden());
        mvc.perform(multipart("/console/cases/" + id + "/evidence").file(new MockMultipartFile("file", "a.png", "image/png", png()))
                .param("description", "x").with(MANAGER)).andExpect(status().isForbidden()); // no CSRF token
    }
}
