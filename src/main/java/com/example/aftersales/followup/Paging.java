package com.example.aftersales.followup;

import java.util.Map;

import com.example.aftersales.followup.FollowupExceptions.InvalidInput;
import com.example.aftersales.text.Text;

/**
 * A page of a follow-up list (deadlines, orders, notices): its number from 0, its size (1 to {@code max-items}) and
 * a sort named from a fixed set (a leading {@code -} reverses it). Counts are always of the whole list, never of the
 * page: the page only says which rows are shown.
 */
public record Paging(int page, int size, String sort) {

    /**
     * Checks a request's paging: {@code page} from 0, {@code size} from 1 to {@code maxSize}, {@code sort} one of
     * {@code sorts}' keys, optionally with a leading {@code -} (blank: {@code defaultSort}). Each bad one is named (400).
     */
    public static Paging of(Integer page, Integer size, String sort, int defaultSize, int maxSize, Map<String, String> sorts,
                            String defaultSort) {
        java.util.ArrayList<com.example.aftersales.contract.FieldProblem> problems = new java.util.ArrayList<>();
        int p = page == null ? 0 : page;
        int s = size == null ? Math.min(defaultSize, maxSize) : size;
        if (p < 0) problems.add(new com.example.aftersales.contract.FieldProblem("page", Text.of("paging.page")));
        if (s < 1 || s > maxSize) problems.add(new com.example.aftersales.contract.FieldProblem("size", Text.of("paging.size", maxSize)));
        String key = sort == null || sort.isBlank() ? defaultSort : sort.trim();
        String bare = key.startsWith("-") ? key.substring(1) : key;
        if (!sorts.containsKey(bare)) {
            problems.add(new com.example.aftersales.contract.FieldProblem("sort", Text.of("paging.sort", String.join(", ", sorts.keySet()))));
        }
        if (!problems.isEmpty()) throw new InvalidInput(problems);
        return new Paging(p, s, key);
    }

    /** The SQL order of the sort, from {@code sorts} (fixed text, never the request's), reversed for a leading -. */
    public String orderBy(Map<String, String> sorts, String tieBreak) {
        boolean reversed = sort.startsWith("-");
        String columns = sorts.get(reversed ? sort.substring(1) : sort);
        if (reversed) {
            columns = String.join(", ", java.util.Arrays.stream(columns.split(","))
                    .map(c -> c.trim() + " desc").toList());
        }
        return columns + ", " + tieBreak;
    }

    public long offset() {
        return (long) page * size;
    }

    /** The number of pages of {@code total} rows (at least 1). */
    public static long pages(long total, int size) {
        return Math.max(1, (total + size - 1) / size);
    }
}
