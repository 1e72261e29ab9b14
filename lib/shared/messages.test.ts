import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./locale";
import { messagesFor, type Messages } from "./messages";
import { flatten, placeholders, type Tree } from "../testing/message-catalogue";

type Catalogue = Record<string, Record<string, string>>;

const catalogue = (locale: (typeof LOCALES)[number]): Catalogue =>
  Object.fromEntries(Object.entries(messagesFor(locale) as unknown as Record<string, Tree>).map(([namespace, tree]) => [namespace, flatten(tree)]));
const english = catalogue("en");

describe("placeholders", () => {
  it("finds arguments, plural arguments and tags, but not a plural's branches", () => {
    expect(placeholders("Signed out {count} other {count, plural, one {device} other {devices}} of <b>{name}</b>.")).toEqual(["<b>", "{count}", "{name}"]);
    expect(placeholders("{count, plural, one {# Gerät von {owner}} other {# Geräte}}")).toEqual(["{count}", "{owner}"]);
    expect(placeholders("Signed out {device}.")).not.toEqual(placeholders("Abgemeldet."));
  });
});

describe.each(LOCALES.filter((locale) => locale !== "en"))("the %s messages", (locale) => {
  const translated = catalogue(locale);

  it("have exactly English's namespaces and keys", () => {
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const namespace of Object.keys(english)) {
      expect(Object.keys(translated[namespace] ?? {}).sort(), namespace).toEqual(Object.keys(english[namespace]!).sort());
    }
  });

  it("use the same arguments and tags as English in every message", () => {
    for (const [namespace, messages] of Object.entries(english)) {
      for (const [key, message] of Object.entries(messages)) {
        expect(placeholders(translated[namespace]?.[key] ?? ""), `${namespace}.${key}`).toEqual(placeholders(message));
      }
    }
  });

  it("are all valid ICU messages that format without an error", () => {
    const errors: string[] = [];
    for (const [namespace, messages] of Object.entries(english)) {
      const t = createTranslator({
        locale,
        messages: messagesFor(locale),
        namespace: namespace as keyof Messages,
        onError: (error) => errors.push(`${namespace}: ${error.message}`),
      }) as unknown as { markup: (key: string, values: Record<string, unknown>) => string };
      for (const [key, message] of Object.entries(messages)) {
        // Every argument a number (plurals need one), every tag a function, as the pages pass them.
        const values = Object.fromEntries(
          placeholders(message).map((placeholder) => {
            const name = placeholder.replace(/[{}<>]/g, "");
            return [name, placeholder.startsWith("<") ? (chunks: string) => chunks : 2];
          }),
        );
        t.markup(key, values);
      }
    }
    expect(errors).toEqual([]);
  });
});
