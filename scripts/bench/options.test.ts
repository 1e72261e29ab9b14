import { describe, expect, it } from "vitest";
import { parseBenchOptions, UsageError } from "./options";

describe("the benchmark's options", () => {
  it("defaults to PGlite, one instance, 1, 8 and 32 clients, 10 s each, pinned", () => {
    expect(parseBenchOptions([], {})).toEqual({
      databaseUrl: undefined,
      instances: 1,
      clients: [1, 8, 32],
      durationSeconds: 10,
      seed: 0,
      smoke: false,
      pin: true,
      pinPostgres: false,
    });
  });

  it("reads every flag, and DATABASE_URL", () => {
    const options = parseBenchOptions(
      ["--clients", "2,16", "--duration", "3", "--instances", "2", "--seed", "100000", "--pin-postgres", "--no-pin"],
      { DATABASE_URL: "postgres://db/portal" },
    );
    expect(options).toMatchObject({ databaseUrl: "postgres://db/portal", clients: [2, 16], durationSeconds: 3, instances: 2, seed: 100000, pin: false, pinPostgres: true });
  });

  it("makes --smoke short, unless told otherwise", () => {
    expect(parseBenchOptions(["--smoke"], {})).toMatchObject({ smoke: true, clients: [1, 4], durationSeconds: 1 });
    expect(parseBenchOptions(["--smoke", "--clients", "2"], {})).toMatchObject({ clients: [2] });
  });

  it.each([
    [["--clients", "8,x"], /--clients needs a whole number of at least 1 \(got "x"\)/],
    [["--duration"], /--duration needs a whole number/],
    [["--seed", "0"], /--seed needs a whole number of at least 1/],
    [["--fast"], /Unknown option "--fast"/],
    [["--instances", "2"], /Several instances need one PostgreSQL database to share: set DATABASE_URL/],
  ])("refuses %j with a sentence and the usage", (argv, message) => {
    expect(() => parseBenchOptions(argv, {})).toThrow(UsageError);
    expect(() => parseBenchOptions(argv, {})).toThrow(message);
    expect(() => parseBenchOptions(argv, {})).toThrow(/Usage: npm run bench/);
  });
});
