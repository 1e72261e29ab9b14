import type { Locale } from "@/lib/shared/locale";
import type { Messages } from "@/lib/shared/messages";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
