/**
 * Shadow runs: a stored valid draft decides every newly recorded evaluation beside the active ruleset, with no effect
 * on the answer — on exactly the facts, prior defects and reference time the active rules saw, after the recording
 * committed, on a thread of its own with a bounded backlog. Differences are recorded per decision type with the rules
 * that fired on one side only; the agreement rate and the money are counted as a replay counts them. State in the
 * database, so a run survives restarts and every instance shadows its own requests into the same run.
 */
package com.example.aftersales.shadow;
