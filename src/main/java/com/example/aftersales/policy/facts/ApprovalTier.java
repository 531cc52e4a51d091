package com.example.aftersales.policy.facts;

import org.kie.api.runtime.rule.RuleContext;

/** P11: the leader whose authority covers the value of what is returned, replaced or compensated. */
public final class ApprovalTier extends Term {

    private final String authority;

    public ApprovalTier(RuleContext kcontext, String authority) {
        super(kcontext);
        this.authority = authority;
    }

    public String getAuthority() { return authority; }

    /** Who approves, in the words of the policy (授权范围); the code itself for an approver the policy does not name. */
    public String getAuthorityZh() {
        return switch (authority) {
            case "SUBSIDIARY_QUALITY_MANAGER" -> "子公司分管质量的负责人";
            case "SUBSIDIARY_GENERAL_MANAGER" -> "子公司总经理";
            case "QUALITY_DEPARTMENT_HEAD" -> "质量部部长";
            case "COMPANY_QUALITY_LEADER" -> "公司分管质量的领导";
            default -> authority;
        };
    }

    @Override
    public String figure() { return authority; }
}
