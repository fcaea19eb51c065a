package io.baton.engine.rules;

/** What the rules directory may hold ({@code baton.rules.mode}). */
public enum RuleMode {
    /** Any {@code .drl}, {@code .dsl} and {@code .dslr}: DRL is code, and uploading it is code deployment. */
    DRL,
    /** Only {@code .dslr} policies written in the shipped sentences ({@code baton.dsl} as shipped). */
    SENTENCES
}
