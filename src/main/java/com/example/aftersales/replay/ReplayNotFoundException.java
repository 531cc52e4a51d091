package com.example.aftersales.replay;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** No replay run with this id. */
public class ReplayNotFoundException extends TextException {

    public ReplayNotFoundException(long id) {
        super(Text.of("replay.notFound", id));
    }
}
