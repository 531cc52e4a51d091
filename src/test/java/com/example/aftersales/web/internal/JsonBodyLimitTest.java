package com.example.aftersales.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.json.JsonMapper;

/** The limit holds for a body that comes without a Content-Length (chunked) too: reading past it fails. */
class JsonBodyLimitTest {

    private final JsonBodyLimit limit = new JsonBodyLimit(new HttpProperties(DataSize.ofBytes(1000)), JsonMapper.builder().build(),
            new org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver());

    @Test
    void aChunkedBodyIsCutOffAtTheLimit() throws Exception {
        MockFilterChain reader = new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response)
                    throws java.io.IOException {
                request.getInputStream().readAllBytes();
            }
        };
        assertThatThrownBy(() -> limit.doFilter(chunked(new byte[1001]), new MockHttpServletResponse(), reader))
                .isInstanceOf(JsonBodyLimit.BodyTooLargeException.class);
        MockHttpServletResponse fine = new MockHttpServletResponse();
        limit.doFilter(chunked(new byte[1000]), fine, reader);
        assertThat(fine.getStatus()).isEqualTo(200);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedUnread() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/cases");
        request.setContentType("application/json");
        request.setContent(new byte[1001]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        limit.doFilter(request, response, chain);
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(chain.getRequest()).isNull();
    }

    private static MockHttpServletRequest chunked(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/cases") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContentType("application/json");
        request.setContent(body);
        return request;
    }
}
