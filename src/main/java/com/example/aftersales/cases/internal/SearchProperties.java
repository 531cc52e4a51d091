package com.example.aftersales.cases.internal;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.example.aftersales.cases.CaseSearch;

/**
 * Bounds of the case search ({@link CaseSearch}, the console's case list).
 *
 * @param pageSize    cases on a page unless a smaller size is asked for
 * @param maxPageSize the largest page that may be asked for
 * @param maxCount    counting stops here ("more than 10,000 cases"), and so do the pages: a search that finds more
 *                    is to be narrowed, not paged through. Not for free text without a decision: counted whole (from
 *                    an index holding what the text is looked for in, V40), its pages go to the end
 * @param textScanAt  free text whose rarest bigram (or the codes it names) is in this many cases or more is looked for
 *                    by reading that index whole rather than its candidates from the term index, one by one
 * @param timeout     the search's deadline: its statements are cancelled in the database when it passes, and the
 *                    search is answered 503 with Retry-After
 * @param zone        the zone of the {@code from}/{@code to} dates a search names (China time out of the box)
 * @param indexLingerMillis the free-text terms of a case recorded on its own are written this long after it is
 *                    recorded, with those recorded meanwhile, in one transaction ({@link SearchIndexer})
 * @param indexPollMillis the indexer also looks for cases left pending (a restart, another instance) this often
 */
@ConfigurationProperties("aftersales.search")
public record SearchProperties(@DefaultValue("25") int pageSize, @DefaultValue("100") int maxPageSize,
                               @DefaultValue("10000") int maxCount, @DefaultValue("5000") int textScanAt,
                               @DefaultValue("10s") Duration timeout,
                               @DefaultValue("Asia/Shanghai") ZoneId zone,
                               @DefaultValue("200") long indexLingerMillis, @DefaultValue("5000") long indexPollMillis) {
}
