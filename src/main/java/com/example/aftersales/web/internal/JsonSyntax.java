package com.example.aftersales.web.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;

import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.text.Text;

/**
 * A body that is not JSON, said in words: where (line, column and the field path the parser had reached) and what
 * (ends early, nested too deep, unexpected characters, a key given twice) — never the parser's own English text,
 * which names Java types.
 */
final class JsonSyntax {

    /** Jackson's text for a key given twice (StreamReadFeature.STRICT_DUPLICATE_DETECTION). */
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:Object property|field) \"(.*)\"", Pattern.DOTALL);

    record Problem(Text detail, List<FieldProblem> errors) {
    }

    private JsonSyntax() {
    }

    /** The problem in words, or empty when the exception is not about the body's syntax (an I/O failure, say). */
    static Optional<Problem> problem(JacksonException e) {
        if (!(e instanceof StreamReadException read)) {
            return Optional.empty();
        }
        JsonParser parser = read.processor();
        String where = path(parser == null ? null : parser.streamReadContext());
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.find()) {
            String key = duplicate.group(1);
            String field = where.isEmpty() || where.endsWith(key) ? (where.isEmpty() ? key : where) : where + "." + key;
            return Optional.of(new Problem(Text.of("problem.duplicateKey", field),
                    List.of(new FieldProblem(field, Text.of("problem.duplicateKey", field)))));
        }
        Text what = e instanceof UnexpectedEndOfInputException ? Text.of("problem.json.endsEarly")
                : e instanceof StreamConstraintsException ? Text.of("problem.json.tooDeep")
                : Text.of("problem.json.unexpected");
        TokenStreamLocation at = e.getLocation();
        Object line = at == null || at.getLineNr() < 0 ? "?" : at.getLineNr();
        Object column = at == null || at.getColumnNr() < 0 ? "?" : at.getColumnNr();
        Object after = where.isEmpty() ? "" : Text.of("problem.notJsonAt.after", where);
        return Optional.of(new Problem(Text.of("problem.notJsonAt", line, column, after, what), List.of()));
    }

    /** The field path the parser was in, as {@code product.code} or {@code items[2].name}; empty at the top. */
    static String path(TokenStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.currentName() != null) {
                parts.push("." + c.currentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                parts.push("[" + c.getCurrentIndex() + "]");
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
