package com.example.aftersales.exports;

import com.example.aftersales.text.LanguageProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which language an export is written in, and that its words come from the export bundle. */
class ExportLanguagesTest {

    final ExportLanguages chineseByDefault = new ExportLanguages(new LanguageProperties(Locale.forLanguageTag("zh-CN")));

    @Test
    void withoutAnyLanguageTheDefaultIsChinese() {
        assertThat(chineseByDefault.forApi(null, new MockHttpServletRequest())).isEqualTo(ExportLanguage.ZH_CN);
        assertThat(chineseByDefault.forApi(null, accepting("*"))).isEqualTo(ExportLanguage.ZH_CN);
        assertThat(chineseByDefault.forApi(null, accepting("fr-FR, de;q=0.5"))).isEqualTo(ExportLanguage.ZH_CN);
        assertThat(chineseByDefault.forApi(null, accepting("not a language list;;;"))).isEqualTo(ExportLanguage.ZH_CN);
    }

    @Test
    void acceptLanguageGivesTheFirstLanguageThereIsAnExportIn() {
        assertThat(chineseByDefault.forApi(null, accepting("en-US,en;q=0.9"))).isEqualTo(ExportLanguage.EN);
        assertThat(chineseByDefault.forApi(null, accepting("fr, en-GB;q=0.7, zh;q=0.5"))).isEqualTo(ExportLanguage.EN);
        assertThat(chineseByDefault.forApi(null, accepting("zh-TW, en;q=0.5"))).isEqualTo(ExportLanguage.ZH_CN);
        assertThat(chineseByDefault.forApi(null, accepting("en;q=0, zh-CN;q=0.1"))).isEqualTo(ExportLanguage.ZH_CN);
        assertThat(chineseByDefault.forApi(ExportLanguage.ZH_CN, accepting("en"))).as("lang wins").isEqualTo(ExportLanguage.ZH_CN);
    }

    @Test
    void fromTheConsoleTheConsolesLanguageUnlessLangSaysOtherwise() {
        assertThat(chineseByDefault.forConsole(null, Locale.US)).isEqualTo(ExportLanguage.EN);
        assertThat(chineseByDefault.forConsole(null, Locale.TRADITIONAL_CHINESE)).isEqualTo(ExportLanguage.ZH_CN);
        assertThat(chineseByDefault.forConsole(null, Locale.FRANCE)).isEqualTo(ExportLanguage.ZH_CN);
        assertThat(chineseByDefault.forConsole(ExportLanguage.EN, Locale.SIMPLIFIED_CHINESE)).isEqualTo(ExportLanguage.EN);
    }

    @Test
    void theDefaultIsASetting() {
        ExportLanguages englishByDefault = new ExportLanguages(new LanguageProperties(Locale.forLanguageTag("en")));
        assertThat(englishByDefault.forApi(null, new MockHttpServletRequest())).isEqualTo(ExportLanguage.EN);
        assertThat(englishByDefault.forApi(null, accepting("zh-CN"))).isEqualTo(ExportLanguage.ZH_CN);
        assertThatThrownBy(() -> new ExportLanguages(new LanguageProperties(Locale.forLanguageTag("fr")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLangParameterTakesTagsOfEitherLanguageOnly() {
        assertThat(ExportLanguage.parse("zh-CN")).isEqualTo(ExportLanguage.ZH_CN);
        assertThat(ExportLanguage.parse("zh_cn")).isEqualTo(ExportLanguage.ZH_CN);
        assertThat(ExportLanguage.parse("EN")).isEqualTo(ExportLanguage.EN);
        assertThat(ExportLanguage.parse("en-US")).isEqualTo(ExportLanguage.EN);
        assertThatThrownBy(() -> ExportLanguage.parse("fr")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExportLanguage.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWordsAreEachLanguagesWhateverTheServersLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            assertThat(chineseByDefault.text(ExportLanguage.EN).get("monthly.title"))
                    .isEqualTo("Monthly summary of quality feedback handling");
            assertThat(chineseByDefault.text(ExportLanguage.ZH_CN).get("monthly.title")).isEqualTo("月度质量信息反馈处理汇总");
        } finally {
            Locale.setDefault(before);
        }
    }

    private static MockHttpServletRequest accepting(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Accept-Language", header);
        return request;
    }
}
