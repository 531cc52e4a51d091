package com.example.aftersales.replay;

/**
 * Which of a run's changed cases to list: those of one responsible unit, customer province or product category (each
 * optional), as the impact figures break them down.
 */
public record ChangeScope(String unit, String province, String category) {

    public static final ChangeScope ALL = new ChangeScope(null, null, null);

    public ChangeScope {
        unit = blankToNull(unit);
        province = blankToNull(province);
        category = blankToNull(category);
    }

    public boolean all() {
        return unit == null && province == null && category == null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
