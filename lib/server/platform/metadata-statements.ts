import { X509Certificate } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { MetadataStatement } from "@simplewebauthn/server";
import { z } from "zod";

// The FIDO metadata statements an operator trusts, read from METADATA_DIR at boot: the portal
// never downloads the FIDO Metadata Service BLOB, so it works without reaching the internet.

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Only what verification relies on is checked; the rest of the statement is kept as written.
const statementSchema = z.looseObject({
  aaguid: z.string().regex(UUID_PATTERN, "aaguid must be a lowercase UUID (FIDO2 authenticators only)"),
  description: z.string().min(1, "description is missing"),
  attestationTypes: z.array(z.string()).min(1, "attestationTypes is empty"),
  authenticationAlgorithms: z.array(z.string()).min(1, "authenticationAlgorithms is empty"),
  // @simplewebauthn skips path validation when there is no trust anchor: an empty list would trust any chain.
  attestationRootCertificates: z.array(z.string()).min(1, "attestationRootCertificates is empty"),
});

function rootProblem(certificates: string[]): string | null {
  for (const [index, base64] of certificates.entries()) {
    try {
      new X509Certificate(Buffer.from(base64, "base64"));
    } catch {
      return `attestationRootCertificates[${index}] is not a base64 DER certificate`;
    }
  }
  return null;
}

function readStatement(file: string): MetadataStatement {
  const name = path.basename(file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`METADATA_DIR: ${name} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = statementSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "statement"}: ${issue.message}`);
    throw new Error(`METADATA_DIR: ${name} is not a FIDO2 metadata statement (${problems.join("; ")})`);
  }
  const problem = rootProblem(parsed.data.attestationRootCertificates);
  if (problem) throw new Error(`METADATA_DIR: ${name}: ${problem}`);
  return parsed.data as unknown as MetadataStatement;
}

/** Every *.json file in the folder, each one metadata statement; throws one clear message on the first problem. */
export function readMetadataStatements(dir: string): MetadataStatement[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
  } catch {
    throw new Error(`METADATA_DIR "${dir}" is not a readable folder`);
  }
  if (names.length === 0) throw new Error(`METADATA_DIR "${dir}" holds no metadata statements (*.json files)`);
  const statements = names.map((name) => readStatement(path.join(dir, name)));
  const seen = new Set<string>();
  for (const statement of statements) {
    if (seen.has(statement.aaguid ?? "")) throw new Error(`METADATA_DIR: two statements for AAGUID ${statement.aaguid}`);
    seen.add(statement.aaguid ?? "");
  }
  return statements;
}
