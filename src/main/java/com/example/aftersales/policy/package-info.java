/**
 * The policy's rules: rule files (DRL and decision tables as data) compiled into a rule base that evaluates a case's
 * facts and prior defects. What other modules use is here and in the named interfaces {@code facts} and
 * {@code tables}: {@link com.example.aftersales.policy.PolicyEngine} (the active ruleset, compiling others),
 * {@link com.example.aftersales.policy.CompiledRuleset}, {@link com.example.aftersales.policy.RuleFiles}, what an
 * evaluation answers and the refusals of rules that do not compile or fail. The compiler itself, the DRL reader, the
 * start-up failure analyser and the health indicator are in {@code internal}.
 */
package com.example.aftersales.policy;
