// Settings the e2e server runs with: playwright.config.ts passes them to it, and specs import
// them from here, so the two can never disagree.

/** Short enough that a test can outwait it and see the passkey check (step-up) happen. */
export const STEP_UP_WINDOW_SECONDS = 20;
export const STEP_UP_WINDOW_MS = STEP_UP_WINDOW_SECONDS * 1000;

/**
 * The e2e server's own time zone. Pages must show times in the reader's zone (formatted in the
 * browser) or in UTC (the server's fallback), never in this one: a zone that is neither UTC nor
 * any test's reader makes a slip show, whatever the machine's own zone.
 */
export const SERVER_TIME_ZONE = "America/St_Johns";

/** RELATED_ORIGINS: another site allowed to use the RP ID, listed at /.well-known/webauthn. */
export const RELATED_ORIGIN = "https://related-portal.example";

/**
 * RECOVERY_DELAY_HOURS: the wait of a recovery through the email, short enough for a test to
 * outwait (0.003 hours is 10.8 seconds).
 */
export const RECOVERY_DELAY_HOURS = 0.003;
export const RECOVERY_DELAY_MS = RECOVERY_DELAY_HOURS * 60 * 60 * 1000;

/**
 * OPERATOR_EMAILS: the one address e2e/operator.spec.ts signs up and confirms to see /operator.
 * Only one account may hold it confirmed, so it works once per server start (each start clears
 * the data folder); a reused server (`reuseExistingServer`) needs a restart to run the spec again.
 */
export const OPERATOR_EMAIL = "e2e-operator@example.com";
