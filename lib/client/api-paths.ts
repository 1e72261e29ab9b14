// Every API path the browser calls, in one place: when a route moves, this is the one edit.
const byId = (base: string) => (id: string): string => `${base}/${encodeURIComponent(id)}`;

export const API = {
  signUpOptions: "/api/account/sign-up/options",
  signUpVerify: "/api/account/sign-up/verify",
  signInOptions: "/api/session/sign-in/options",
  signInVerify: "/api/session/sign-in/verify",
  stepUpOptions: "/api/session/step-up/options",
  stepUpVerify: "/api/session/step-up/verify",
  recoverySignIn: "/api/recovery/sign-in",
  recoveryCodes: "/api/recovery/codes",
  account: "/api/account",
  profile: "/api/account/profile",
  policy: "/api/account/policy",
  emailReport: "/api/account/email-report",
  emailConfirmCode: "/api/account/email/confirm",
  emailResend: "/api/account/email/resend",
  emailConfirmLink: "/api/email/confirm",
  emailReportChange: "/api/email/report-change",
  passkeyRegistrationOptions: "/api/account/passkeys/registration/options",
  passkeyRegistrationAutomaticOptions: "/api/account/passkeys/registration/automatic-options",
  passkeyRegistrationVerify: "/api/account/passkeys/registration/verify",
  passkey: byId("/api/account/passkeys"),
  session: byId("/api/account/sessions"),
  signOutOtherSessions: "/api/account/sessions/sign-out-others",
} as const;
