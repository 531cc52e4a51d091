/**
 * Sentences for people in Chinese and English ({@link Text}), from one bundle ({@code text/messages.properties} and
 * {@code text/messages_zh_CN.properties}), read without Spring so that the rule compiler can use it. Depends on no
 * other module, so that any may use it.
 */
package com.example.aftersales.text;
