package com.example.aftersales.imports.internal;

import java.util.List;

import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/**
 * The whole file is refused (unreadable, too large, wrong columns): nothing of it is imported. Answered as
 * {@code application/problem+json} of type {@code /problems/import-refused}, in the request's language, with
 * {@code errors: [{field, message}]} naming the columns at fault (empty when the file as a whole is).
 */
class ImportRefusedException extends ProblemException {

    private ImportRefusedException(int status, Text title, Text detail, List<FieldProblem> errors, Throwable cause) {
        super(status, type("import-refused"), title, detail, errors, cause);
    }

    static ImportRefusedException unreadable(Text detail) {
        return unreadable(detail, null);
    }

    static ImportRefusedException unreadable(Text detail, Throwable cause) {
        return new ImportRefusedException(400, Text.of("import.unreadable.title"), detail, List.of(), cause);
    }

    static ImportRefusedException columns(Text detail, List<FieldProblem> errors) {
        return new ImportRefusedException(400, Text.of("import.columns.title"), detail, errors, null);
    }

    static ImportRefusedException tooLarge(Text detail) {
        return new ImportRefusedException(413, Text.of("import.tooLarge.title"), detail, List.of(), null);
    }

    /** The answer always has {@code errors}, empty when no column is at fault. */
    @Override
    public boolean listsErrors() {
        return true;
    }
}
