/**
 * The HTTP contract as integrators read it: {@code /v3/api-docs} completed with what the controllers' signatures cannot
 * say — security schemes, success codes and headers, the RFC 9457 problem responses, enums for the code sets, binary
 * downloads, stable operationIds and tags per user group — and the pages its problem type URIs lead to
 * ({@code /problems/…}). Works on the OpenAPI model only; depends on no other module. The committed copy is
 * {@code docs/openapi.json} (see {@code docs/API.md}).
 */
package com.example.aftersales.contract;
