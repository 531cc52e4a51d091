package com.example.aftersales.policy.facts;

import java.util.Locale;

import com.example.aftersales.glossary.Glossary;

/**
 * The Chinese names rules use in their Chinese reasons: provinces, problem and product categories, approvers by name
 * rather than code (the glossary's labels; a code the glossary does not know is its own name).
 */
public final class Names {

    private Names() {
    }

    public static String province(String code) {
        return Glossary.label(Glossary.PROVINCES, code, Locale.CHINESE);
    }

    public static String problem(String code) {
        return Glossary.label(Glossary.PROBLEM_CATEGORIES, code, Locale.CHINESE);
    }

    public static String category(String code) {
        return Glossary.label(Glossary.PRODUCT_CATEGORIES, code, Locale.CHINESE);
    }

    public static String approver(String code) {
        return Glossary.decisionValue("APPROVAL", code, Locale.CHINESE);
    }
}
