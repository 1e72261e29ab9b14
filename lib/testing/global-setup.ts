// Vitest global setup: migrates one template database for the whole run (see database.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabaseTemplate } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), "portal-template-"));
  const template = await createDatabaseTemplate(path.join(dir, "pglite.tar"));
  project.provide("testDatabaseTemplate", template.location);
  return async () => {
    await template.drop();
    rmSync(dir, { recursive: true, force: true });
  };
}
