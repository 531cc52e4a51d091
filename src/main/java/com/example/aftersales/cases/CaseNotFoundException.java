package com.example.aftersales.cases;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** No case is recorded under this id. */
public class CaseNotFoundException extends TextException {

    public CaseNotFoundException(long id) {
        super(Text.of("case.notFound", id));
    }
}
