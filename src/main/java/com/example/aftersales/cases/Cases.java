package com.example.aftersales.cases;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

/** The recorded cases. */
interface Cases extends ListCrudRepository<CaseRecord, Long> {

    /** Those of the given external references that are recorded. */
    @Query("select external_ref from aftersales_case where external_ref in (:refs)")
    List<String> findRecordedExternalRefs(@Param("refs") Collection<String> refs);

    Optional<CaseRecord> findByExternalRef(String externalRef);

    Optional<CaseRecord> findByIdempotencyKey(String idempotencyKey);
}
