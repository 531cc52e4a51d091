package com.example.aftersales.cases;

import org.springframework.data.repository.ListCrudRepository;

/** The recorded cases. */
interface Cases extends ListCrudRepository<CaseRecord, Long> {
}
