package com.example.aftersales.cases.internal;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

/** The recorded cases. */
public interface Cases extends ListCrudRepository<CaseRecord, Long> {

    Optional<CaseRecord> findByExternalRef(String externalRef);

    Optional<CaseRecord> findByIdempotencyKey(String idempotencyKey);
}
