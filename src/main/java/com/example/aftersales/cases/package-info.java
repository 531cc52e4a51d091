/**
 * Complaint cases and their evaluations (P1–P21 decide through the policy module's rules): a case recorded once, every
 * evaluation appended with exactly what its rules saw and decided, and the search of the recorded cases. What other
 * modules use is here: {@link com.example.aftersales.cases.CaseService} (record, find, add findings, what-if),
 * {@link com.example.aftersales.cases.HistoryRecorder} (the bulk path of histories and imports),
 * {@link com.example.aftersales.cases.CaseSearch}, {@link com.example.aftersales.cases.CaseDirectory},
 * {@link com.example.aftersales.cases.RecordedEvaluations} and
 * {@link com.example.aftersales.cases.PriorDefectReferences}, {@link com.example.aftersales.cases.DurableReads} (what
 * another session committed, on the file before it is shown: H2), the shapes they answer with
 * ({@link com.example.aftersales.cases.CaseData}, {@link com.example.aftersales.cases.CaseViews}), their refusals, and
 * the event {@link com.example.aftersales.cases.EvaluationsRecorded}. The rest — the HTTP controllers, the writers
 * and repositories of this module's tables, group commit, the search's terms and indexer, metrics — is in
 * {@code internal}, which Spring Modulith's verification keeps other modules out of.
 */
package com.example.aftersales.cases;
