package com.example.aftersales.exports;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Reads {@code ?lang=zh-CN|en}; another value is a bad parameter (400). */
@Component
class ExportLanguageConverter implements Converter<String, ExportLanguage> {

    @Override
    public ExportLanguage convert(String source) {
        return ExportLanguage.parse(source);
    }
}
