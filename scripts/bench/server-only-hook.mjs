// `import "server-only"` throws outside React Server Components, and Node's react-server
// condition breaks Next's own modules instead. The benchmark builds the app's queries (to
// EXPLAIN them) in plain Node, so it resolves the marker to an empty module, as Vitest does.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      "export async function resolve(specifier, context, next) {" +
        " return specifier === 'server-only' ? { url: 'data:text/javascript,', shortCircuit: true } : next(specifier, context); }",
    ),
);
