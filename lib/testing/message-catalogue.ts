// What the message-file tests ask of an ICU message: its arguments and tags, and every message of
// a locale by dotted key. Shared by lib/shared/messages.test.ts (every namespace) and
// lib/server/platform/i18n.test.ts (the API errors as the server renders them).

/**
 * The names of the arguments ({name}, {count, plural, …}) and tags (<link>…</link>) of one ICU message, with
 * the branches of a plural or select searched too: "one {device}" is a branch, not an argument.
 */
export function placeholders(message: string): string[] {
  const found = new Set<string>();
  for (const tag of message.matchAll(/<(\w+)>/g)) found.add(`<${tag[1]}>`);
  let index = 0;
  function readMessage(): void {
    while (index < message.length && message[index] !== "}") {
      if (message[index] === "{") {
        index++;
        readArgument();
      } else index++;
    }
  }
  function readArgument(): void {
    const head = /^\s*(\w+)\s*(?:,\s*(\w+)\s*,?)?/.exec(message.slice(index))!;
    // By name only: English's "{count} {count, plural, …}" and German's "{count, plural, # …}" use the same argument.
    found.add(`{${head[1]}}`);
    index += head[0].length;
    if (head[2] === "plural" || head[2] === "select" || head[2] === "selectordinal") {
      // Branches: a selector, then its message in braces, until the argument's closing brace.
      while (index < message.length && message[index] !== "}") {
        if (message[index] === "{") {
          index++;
          readMessage();
        }
        index++;
      }
    } else {
      while (index < message.length && message[index] !== "}") index++;
    }
    index++;
  }
  readMessage();
  return [...found].sort();
}

export type Tree = { [key: string]: string | Tree };

/** A namespace's messages by dotted key ("chart.title"): namespaces may nest their keys. */
export function flatten(tree: Tree, prefix = ""): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value, `${prefix}${key}.`)))),
  );
}
