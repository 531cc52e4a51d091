package com.example.aftersales.replay;

/** No replay run with this id. */
public class ReplayNotFoundException extends RuntimeException {

    public ReplayNotFoundException(long id) {
        super("No replay run " + id + ".");
    }
}
