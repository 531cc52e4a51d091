package com.example.aftersales.cases;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

/** The recorded cases. */
interface Cases extends ListCrudRepository<CaseRecord, Long> {

    Optional<CaseRecord> findByExternalRef(String externalRef);

    Optional<CaseRecord> findByIdempotencyKey(String idempotencyKey);
}
