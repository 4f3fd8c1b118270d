import { describe, expect, it } from "vitest";
import * as evaluation from "./index.ts";

describe("evaluation barrel", () => {
  it("exports the public API", () => {
    for (const name of [
      "ZFramework",
      "ZFrameworkShape",
      "validateFramework",
      "scoreUnit",
      "compositeFromIndexValues",
      "normaliseValues",
      "weightedComposite",
      "rankUnits",
      "compareYears",
      "describeDistribution",
      "strengthsAndWeaknesses",
      "rankSensitivity",
      "evaluateRecognition",
      "DEFAULT_COMMUNE_RECOGNITION_RULE",
      "DTI_PROVINCE_2022",
      "DTI_PROVINCE_2025",
      "createLocalFramework",
    ]) {
      expect(evaluation, name).toHaveProperty(name);
    }
  });
});
