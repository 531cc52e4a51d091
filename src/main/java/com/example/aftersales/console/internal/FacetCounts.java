package com.example.aftersales.console.internal;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.ModelAndView;

import com.example.aftersales.cases.CaseSearch;

/**
 * The case list's facets, counted off the request's thread ({@link CaseSearch#facetsOnly}): on threads of their own,
 * {@link #THREADS} at a time with up to {@link #QUEUE} waiting (beyond that a count is not made — "facets not
 * counted" — rather than queued behind the others), and at most one per console session. A session's next list page or
 * facets request stops the count it left running, which is cancelled in the database: the person has gone on (a
 * reload, the next page, another search), and the page they asked for must not wait for a core behind it. So does a
 * request that ends unanswered where the web server says so (an error or its async timeout); Tomcat 11.0.22 does not
 * say when a browser closes the connection of such a request (FacetsAbandonedTest).
 */
@Component
class FacetCounts implements DisposableBean {

    static final int THREADS = 2;
    static final int QUEUE = 8;

    private final CaseSearch search;
    private final ExecutorService threads = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), new CustomizableThreadFactory("facets-"));
    /** The count each session has running, by session id. */
    private final Map<String, CaseSearch.Stop> running = new ConcurrentHashMap<>();

    FacetCounts(CaseSearch search) {
        this.search = search;
    }

    /** Stops the count the session has running, if any. */
    void stop(String session) {
        CaseSearch.Stop stop = running.remove(session);
        if (stop != null) {
            stop.stop();
        }
    }

    /** Counts the facets of the criteria for the session (stopping its earlier count), shown by {@code view}. */
    DeferredResult<ModelAndView> count(String session, CaseSearch.Criteria criteria,
                                       Function<CaseSearch.Facets, ModelAndView> view) {
        DeferredResult<ModelAndView> result = new DeferredResult<>();
        CaseSearch.Stop stop = new CaseSearch.Stop();
        CaseSearch.Stop earlier = running.put(session, stop);
        if (earlier != null) {
            earlier.stop();
        }
        result.onError(e -> stop.stop());
        result.onTimeout(stop::stop);
        try {
            threads.execute(() -> {
                try {
                    result.setResult(view.apply(search.facetsOnly(criteria, stop)));
                } catch (RuntimeException e) {
                    result.setErrorResult(e); // answered as any page's failure
                } finally {
                    running.remove(session, stop);
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(session, stop);
            result.setResult(view.apply(null));
        }
        return result;
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
