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

    /** Who approves, by name (权限范围内领导), as the glossary calls them. */
    public String getAuthorityZh() {
        return Names.approver(authority);
    }

    @Override
    public String figure() { return authority; }
}
