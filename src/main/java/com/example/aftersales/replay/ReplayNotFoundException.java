package com.example.aftersales.replay;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** No replay run with this id. */
public class ReplayNotFoundException extends ProblemException {

    public ReplayNotFoundException(long id) {
        super(404, Text.of("problem.replayNotFound"), Text.of("replay.notFound", id));
    }
}
