/**
 * What the rules see (the case, prior defects, the figures tables set) and what they decide: the policy module's
 * published vocabulary.
 */
@NamedInterface("facts")
package com.example.aftersales.policy.facts;

import org.springframework.modulith.NamedInterface;
