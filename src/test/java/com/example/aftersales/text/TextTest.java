package com.example.aftersales.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The two bundles say the same things, and every key the code names is in both. */
class TextTest {

    private static final Properties EN = load("text/messages.properties");
    private static final Properties ZH = load("text/messages_zh_CN.properties");
    private static final Pattern ARGUMENT = Pattern.compile("\\{\\d}");

    @Test
    void bothLanguagesHaveTheSameKeysAndTheSameArguments() {
        assertThat(ZH.stringPropertyNames()).isEqualTo(EN.stringPropertyNames());
        for (String key : EN.stringPropertyNames()) {
            assertThat(arguments(ZH.getProperty(key))).as(key).isEqualTo(arguments(EN.getProperty(key)));
        }
    }

    @Test
    void theChineseIsChinese() {
        for (String key : ZH.stringPropertyNames()) {
            if (!Set.of("at", "table.ignoredAt", "problem.field", "sw.item").contains(key)) {
                assertThat(ZH.getProperty(key)).as(key).containsPattern("\\p{IsHan}");
            }
        }
    }

    @Test
    void everyKeyTheCodeNamesIsInTheBundles() throws IOException {
        Pattern named = Pattern.compile("(?:Text\\.of|BadInput|problem)\\(\"([a-z]+\\.[A-Za-z.]+|at)\"");
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = named.matcher(Files.readString(file));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        assertThat(keys).hasSizeGreaterThan(100).contains("cell.noName", "cell.empty", "value.notMoney");
        assertThat(EN.stringPropertyNames()).containsAll(keys);
        for (String term : List.of("ValidityPeriod", "ResponseTime", "ApprovalTier", "MajorIncidentThreshold", "ClusterTrigger")) {
            assertThat(EN.stringPropertyNames()).contains("term." + term);
        }
    }

    @Test
    void argumentsAreTakenInTheSentencesLanguage() {
        Text abc = Text.of("value.notMoney", "abc");
        assertThat(abc).isEqualTo(new Text("“abc”不是金额（元），此列需要金额", "'abc' is not an amount in CNY, which this column needs"));
        Text where = new Text("x.xlsx，工作表 A，第 11 行 C 列", "x.xlsx, sheet A, row 11, column C");
        assertThat(Text.of("at", where, abc).zh()).isEqualTo("x.xlsx，工作表 A，第 11 行 C 列：“abc”不是金额（元），此列需要金额");
        assertThat(Text.of("value.notOneOf", "X", List.of("A", "B")))
                .isEqualTo(new Text("“X”不在可选值 A、B 之中", "'X' is not one of A, B"));
        assertThat(Text.of("at", Text.same("A1"), com.example.aftersales.policy.facts.Amounts.text(new java.math.BigDecimal("2E+4"))))
                .isEqualTo(new Text("A1：¥20,000", "A1: CNY 20,000"));
        assertThat(Text.of("definition.unknownPlaceholder", "loss").en()).isEqualTo("the template names @{loss}, which is no column");
    }

    @Test
    void aMissingLanguageFallsBackToTheOther() {
        Text englishOnly = new Text(null, "stored before there was Chinese");
        assertThat(englishOnly.in(Locale.SIMPLIFIED_CHINESE)).isEqualTo("stored before there was Chinese");
        assertThat(Text.of("upload.twice").in(Locale.forLanguageTag("zh-TW"))).isEqualTo("上传了两次");
        assertThat(Text.of("upload.twice").in(Locale.FRENCH)).isEqualTo("uploaded twice");
    }

    private static Set<String> arguments(String sentence) {
        Matcher m = ARGUMENT.matcher(sentence);
        Set<String> found = new TreeSet<>();
        while (m.find()) found.add(m.group());
        return found;
    }

    private static Properties load(String resource) {
        try (InputStream in = TextTest.class.getClassLoader().getResourceAsStream(resource)) {
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
