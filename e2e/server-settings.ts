// Settings the e2e server runs with: playwright.config.ts passes them to it, and specs import
// them (through ./fixtures) so the two can never disagree.

/** Short enough that a test can outwait it and see the passkey check (step-up) happen. */
export const STEP_UP_WINDOW_SECONDS = 20;
export const STEP_UP_WINDOW_MS = STEP_UP_WINDOW_SECONDS * 1000;
