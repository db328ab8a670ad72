import type { TestProject } from "vitest/node";
import { createEmptyDatabase, dropDatabase, ENGINE, seedWithCommand } from "./databases";

// Once per run: a template database, migrated and seeded by `npm run db:seed -- --json` itself.
export default async function setup(project: TestProject) {
  const templateUrl = await createEmptyDatabase(`cosign_template_${process.pid}`);
  const fixtures = seedWithCommand(templateUrl);
  project.provide("templateUrl", templateUrl);
  project.provide("fixtures", fixtures);
  console.log(`integration tests on ${ENGINE}`);
  return async () => {
    await dropDatabase(templateUrl);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateUrl: string;
    fixtures: import("@/lib/demo/seed-demo").DemoFixtures;
  }
}
