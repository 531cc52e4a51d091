package com.example.aftersales.cases;

import java.util.List;

import org.springframework.data.repository.Repository;

/** The recorded evaluations: appended, read, never changed. */
interface Evaluations extends Repository<EvaluationRecord, Long> {

    List<EvaluationRecord> findByCaseIdOrderBySeq(Long caseId);
}
